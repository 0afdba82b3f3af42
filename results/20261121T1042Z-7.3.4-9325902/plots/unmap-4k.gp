# regenerate: gnuplot unmap-4k.gp (in this directory)
set terminal svg size 1000,560 dynamic noenhanced font 'DejaVu Sans,12' background rgb 'white'
set output 'unmap-4k.svg'
$d0l << EOD
4096 85.478
65536 5.96021
1048576 2.02455
16777216 1.55132
268435456 1.58246
1073741824 1.63311
EOD
$d0m << EOD
65536 5.96021 5.95328 6.00671
1073741824 1.63311 1.6238 1.65876
EOD
$d0s << EOD
4096 85.478
1048576 2.02455
16777216 1.55132
268435456 1.58246
EOD
$d1l << EOD

65536 6.28125



1073741824 1.51793
EOD
$d1m << EOD
NaN NaN NaN NaN
EOD
$d1s << EOD
65536 6.28125
1073741824 1.51793
EOD
$d2l << EOD

65536 6.06695

16777216 2.45138


EOD
$d2m << EOD
NaN NaN NaN NaN
EOD
$d2s << EOD
65536 6.06695
16777216 2.45138
EOD
$d3l << EOD
4096 65.6464
65536 5.03208
1048576 1.68396
16777216 1.43153
268435456 1.38935
1073741824 1.42974
EOD
$d3m << EOD
65536 5.03208 5.02376 5.0824
1073741824 1.42974 1.42893 1.43598
EOD
$d3s << EOD
4096 65.6464
1048576 1.68396
16777216 1.43153
268435456 1.38935
EOD
$d4l << EOD

65536 5.08088



1073741824 1.6917
EOD
$d4m << EOD
NaN NaN NaN NaN
EOD
$d4s << EOD
65536 5.08088
1073741824 1.6917
EOD
$d5l << EOD

65536 5.05735

16777216 2.1993


EOD
$d5m << EOD
NaN NaN NaN NaN
EOD
$d5s << EOD
65536 5.05735
16777216 2.1993
EOD
$d6l << EOD
4096 97.8132
65536 97.5726
1048576 95.8379
16777216 95.3341
268435456 95.6334
1073741824 97.9462
EOD
$d6m << EOD
65536 97.5726 97.5639 97.7179
1073741824 97.9462 97.852 98.2172
EOD
$d6s << EOD
4096 97.8132
1048576 95.8379
16777216 95.3341
268435456 95.6334
EOD
$d7l << EOD

65536 99.3186



1073741824 98.8053
EOD
$d7m << EOD
NaN NaN NaN NaN
EOD
$d7s << EOD
65536 99.3186
1073741824 98.8053
EOD
$d8l << EOD

65536 96.1123

16777216 95.4532


EOD
$d8m << EOD
NaN NaN NaN NaN
EOD
$d8s << EOD
65536 96.1123
16777216 95.4532
EOD
$d9l << EOD

65536 3.96418



1073741824 2.74014
EOD
$d9m << EOD
NaN NaN NaN NaN
EOD
$d9s << EOD
65536 3.96418
1073741824 2.74014
EOD
$d10l << EOD

65536 3.44613



1073741824 3.35551
EOD
$d10m << EOD
NaN NaN NaN NaN
EOD
$d10s << EOD
65536 3.44613
1073741824 3.35551
EOD
set title 'unmap: ns per 4 KiB against buffer size, 4 KiB pages (lower is better)'
set xlabel 'buffer size (log scale; lines join measured sizes only)'
set ylabel 'ns per 4 KiB (CPU time; log scale)'
set logscale x 2
set logscale y 10
set xtics ("4KiB" 4096, "64KiB" 65536, "1MiB" 1048576, "16MiB" 16777216, "256MiB" 268435456, "1GiB" 1073741824)
set xrange [2560:1.71799e+09]
set yrange [0.694677:198.637]
set ytics ("1" 1, "2" 2, "5" 5, "10" 10, "20" 20, "50" 50, "100" 100)
set grid xtics ytics lc rgb '#e4e4e4' lw 1
set key outside right top vertical title 'path' Left reverse samplen 3 width -2
set border 3
set xtics nomirror
set ytics nomirror
set bars small
plot $d0l using 1:2 with lines lw 2 dt 1 lc rgb '#1f77b4' title 'sg', \
     $d0m using 1:2:3:4 with yerrorbars pt 7 ps 0.8 lc rgb '#1f77b4' notitle, \
     $d0s using 1:2 with points pt 6 ps 1.1 lc rgb '#1f77b4' notitle, \
     $d1l using 1:2 with lines lw 2 dt 2 lc rgb '#1f77b4' title 'sg-fq', \
     $d1m using 1:2:3:4 with yerrorbars pt 6 ps 0.8 lc rgb '#1f77b4' notitle, \
     $d1s using 1:2 with points pt 6 ps 1.1 lc rgb '#1f77b4' notitle, \
     $d2l using 1:2 with lines lw 2 dt 3 lc rgb '#1f77b4' title 'sg-cold', \
     $d2m using 1:2:3:4 with yerrorbars pt 6 ps 0.8 lc rgb '#1f77b4' notitle, \
     $d2s using 1:2 with points pt 6 ps 1.1 lc rgb '#1f77b4' notitle, \
     $d3l using 1:2 with lines lw 2 dt 1 lc rgb '#d62728' title 'iova', \
     $d3m using 1:2:3:4 with yerrorbars pt 5 ps 0.8 lc rgb '#d62728' notitle, \
     $d3s using 1:2 with points pt 6 ps 1.1 lc rgb '#d62728' notitle, \
     $d4l using 1:2 with lines lw 2 dt 2 lc rgb '#d62728' title 'iova-fq', \
     $d4m using 1:2:3:4 with yerrorbars pt 4 ps 0.8 lc rgb '#d62728' notitle, \
     $d4s using 1:2 with points pt 6 ps 1.1 lc rgb '#d62728' notitle, \
     $d5l using 1:2 with lines lw 2 dt 3 lc rgb '#d62728' title 'iova-cold', \
     $d5m using 1:2:3:4 with yerrorbars pt 4 ps 0.8 lc rgb '#d62728' notitle, \
     $d5s using 1:2 with points pt 6 ps 1.1 lc rgb '#d62728' notitle, \
     $d6l using 1:2 with lines lw 2 dt 1 lc rgb '#2ca02c' title 'phys', \
     $d6m using 1:2:3:4 with yerrorbars pt 9 ps 0.8 lc rgb '#2ca02c' notitle, \
     $d6s using 1:2 with points pt 6 ps 1.1 lc rgb '#2ca02c' notitle, \
     $d7l using 1:2 with lines lw 2 dt 2 lc rgb '#2ca02c' title 'phys-fq', \
     $d7m using 1:2:3:4 with yerrorbars pt 8 ps 0.8 lc rgb '#2ca02c' notitle, \
     $d7s using 1:2 with points pt 6 ps 1.1 lc rgb '#2ca02c' notitle, \
     $d8l using 1:2 with lines lw 2 dt 3 lc rgb '#2ca02c' title 'phys-cold', \
     $d8m using 1:2:3:4 with yerrorbars pt 8 ps 0.8 lc rgb '#2ca02c' notitle, \
     $d8s using 1:2 with points pt 6 ps 1.1 lc rgb '#2ca02c' notitle, \
     $d9l using 1:2 with lines lw 2 dt 1 lc rgb '#9467bd' title 'sg-direct', \
     $d9m using 1:2:3:4 with yerrorbars pt 11 ps 0.8 lc rgb '#9467bd' notitle, \
     $d9s using 1:2 with points pt 6 ps 1.1 lc rgb '#9467bd' notitle, \
     $d10l using 1:2 with lines lw 2 dt 1 lc rgb '#8c564b' title 'phys-direct', \
     $d10m using 1:2:3:4 with yerrorbars pt 13 ps 0.8 lc rgb '#8c564b' notitle, \
     $d10s using 1:2 with points pt 6 ps 1.1 lc rgb '#8c564b' notitle, \
     NaN with points pt 7 ps 0.8 lc rgb '#444444' title 'filled: median, bar: min-max of the repetitions', \
     NaN with points pt 6 ps 1.1 lc rgb '#444444' title 'open: one run (no spread)'
