# regenerate: gnuplot map-4k.gp (in this directory)
set terminal svg size 1000,560 dynamic noenhanced font 'DejaVu Sans,12' background rgb 'white'
set output 'map-4k.svg'
$d0l << EOD
4096 151.647
65536 57.3978
1048576 54.5322
16777216 53.6839
268435456 54.6389
1073741824 55.5506
EOD
$d0m << EOD
65536 57.3978 57.3762 58.6872
1073741824 55.5506 54.9996 56.0596
EOD
$d0s << EOD
4096 151.647
1048576 54.5322
16777216 53.6839
268435456 54.6389
EOD
$d1l << EOD

65536 54.9885



1073741824 55.4285
EOD
$d1m << EOD
NaN NaN NaN NaN
EOD
$d1s << EOD
65536 54.9885
1073741824 55.4285
EOD
$d2l << EOD

65536 57.6709

16777216 53.6521


EOD
$d2m << EOD
NaN NaN NaN NaN
EOD
$d2s << EOD
65536 57.6709
16777216 53.6521
EOD
$d3l << EOD
4096 60.6553
65536 47.5352
1048576 49.5026
16777216 47.0602
268435456 47.1675
1073741824 47.0377
EOD
$d3m << EOD
65536 47.5352 47.4395 47.7463
1073741824 47.0377 46.9596 47.2881
EOD
$d3s << EOD
4096 60.6553
1048576 49.5026
16777216 47.0602
268435456 47.1675
EOD
$d4l << EOD

65536 47.9122



1073741824 47.5257
EOD
$d4m << EOD
NaN NaN NaN NaN
EOD
$d4s << EOD
65536 47.9122
1073741824 47.5257
EOD
$d5l << EOD

65536 50.4433

16777216 47.2861


EOD
$d5m << EOD
NaN NaN NaN NaN
EOD
$d5s << EOD
65536 50.4433
16777216 47.2861
EOD
$d6l << EOD
4096 62.0762
65536 58.8662
1048576 58.4471
16777216 77.2913
268435456 90.632
1073741824 96.6463
EOD
$d6m << EOD
65536 58.8662 58.8278 58.9369
1073741824 96.6463 95.5969 96.734
EOD
$d6s << EOD
4096 62.0762
1048576 58.4471
16777216 77.2913
268435456 90.632
EOD
$d7l << EOD

65536 58.2158



1073741824 95.4691
EOD
$d7m << EOD
NaN NaN NaN NaN
EOD
$d7s << EOD
65536 58.2158
1073741824 95.4691
EOD
$d8l << EOD

65536 90.9713

16777216 91.6155


EOD
$d8m << EOD
NaN NaN NaN NaN
EOD
$d8s << EOD
65536 90.9713
16777216 91.6155
EOD
$d9l << EOD

65536 10.702



1073741824 9.75473
EOD
$d9m << EOD
NaN NaN NaN NaN
EOD
$d9s << EOD
65536 10.702
1073741824 9.75473
EOD
$d10l << EOD

65536 4.11916



1073741824 3.84683
EOD
$d10m << EOD
NaN NaN NaN NaN
EOD
$d10s << EOD
65536 4.11916
1073741824 3.84683
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
set yrange [0.25:303.294]
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
