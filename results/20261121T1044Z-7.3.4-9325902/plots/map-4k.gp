# regenerate: gnuplot map-4k.gp (in this directory)
set terminal svg size 1000,560 dynamic noenhanced font 'DejaVu Sans,12' background rgb 'white'
set output 'map-4k.svg'
$d0l << EOD
4096 107.17
65536 55.1089
1048576 53.584
16777216 54.4097
268435456 55.666
1073741824 55.9927
EOD
$d0m << EOD
65536 55.1089 54.8927 55.1154
1073741824 55.9927 55.6567 56.0189
EOD
$d0s << EOD
4096 107.17
1048576 53.584
16777216 54.4097
268435456 55.666
EOD
$d1l << EOD

65536 54.9541



1073741824 58.3215
EOD
$d1m << EOD
NaN NaN NaN NaN
EOD
$d1s << EOD
65536 54.9541
1073741824 58.3215
EOD
$d2l << EOD

65536 57.9945

16777216 53.5659


EOD
$d2m << EOD
NaN NaN NaN NaN
EOD
$d2s << EOD
65536 57.9945
16777216 53.5659
EOD
$d3l << EOD
4096 60.7744
65536 50.1763
1048576 47.5172
16777216 47.8055
268435456 47.1191
1073741824 47.1519
EOD
$d3m << EOD
65536 50.1763 48.3945 50.6247
1073741824 47.1519 47.1494 47.1585
EOD
$d3s << EOD
4096 60.7744
1048576 47.5172
16777216 47.8055
268435456 47.1191
EOD
$d4l << EOD

65536 48.021



1073741824 47.2656
EOD
$d4m << EOD
NaN NaN NaN NaN
EOD
$d4s << EOD
65536 48.021
1073741824 47.2656
EOD
$d5l << EOD

65536 49.8433

16777216 47.0219


EOD
$d5m << EOD
NaN NaN NaN NaN
EOD
$d5s << EOD
65536 49.8433
16777216 47.0219
EOD
$d6l << EOD
4096 62.4969
65536 58.4725
1048576 59.4285
16777216 79.3388
268435456 93.2947
1073741824 98.5265
EOD
$d6m << EOD
65536 58.4725 58.0788 59.0722
1073741824 98.5265 96.8379 98.7328
EOD
$d6s << EOD
4096 62.4969
1048576 59.4285
16777216 79.3388
268435456 93.2947
EOD
$d7l << EOD

65536 59.315



1073741824 96.7806
EOD
$d7m << EOD
NaN NaN NaN NaN
EOD
$d7s << EOD
65536 59.315
1073741824 96.7806
EOD
$d8l << EOD

65536 91.5107

16777216 92.4036


EOD
$d8m << EOD
NaN NaN NaN NaN
EOD
$d8s << EOD
65536 91.5107
16777216 92.4036
EOD
$d9l << EOD

65536 10.6674



1073741824 9.75319
EOD
$d9m << EOD
NaN NaN NaN NaN
EOD
$d9s << EOD
65536 10.6674
1073741824 9.75319
EOD
$d10l << EOD

65536 4.11496



1073741824 3.85406
EOD
$d10m << EOD
NaN NaN NaN NaN
EOD
$d10s << EOD
65536 4.11496
1073741824 3.85406
EOD
set label 'in-kernel iommu_map 256 x 4K, published (iommupt x86-64 v7 12/15): 1.53 ns' at graph 0.98, first 1.53125 right offset 0,0.6 textcolor rgb '#555555' font ',10'
set label 'plain loop storing PTEs, measured: 0.5 ns' at graph 0.98, first 0.5 right offset 0,0.6 textcolor rgb '#888888' font ',10'
set title 'map: ns per 4 KiB against buffer size, 4 KiB pages (lower is better)'
set xlabel 'buffer size (log scale; lines join measured sizes only)'
set ylabel 'ns per 4 KiB (CPU time; log scale)'
set logscale x 2
set logscale y 10
set xtics ("4KiB" 4096, "64KiB" 65536, "1MiB" 1048576, "16MiB" 16777216, "256MiB" 268435456, "1GiB" 1073741824)
set xrange [2560:1.71799e+09]
set yrange [0.25:214.339]
set ytics ("0.5" 0.5, "1" 1, "2" 2, "5" 5, "10" 10, "20" 20, "50" 50, "100" 100, "200" 200)
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
     1.53125 with lines lw 1.5 dt 3 lc rgb '#555555' notitle, \
     0.5 with lines lw 1.5 dt 4 lc rgb '#888888' notitle, \
     NaN with points pt 7 ps 0.8 lc rgb '#444444' title 'filled: median, bar: min-max of the repetitions', \
     NaN with points pt 6 ps 1.1 lc rgb '#444444' title 'open: one run (no spread)'
