# regenerate: gnuplot map-4k.gp (in this directory)
set terminal svg size 1000,560 dynamic noenhanced font 'DejaVu Sans,12' background rgb 'white'
set output 'map-4k.svg'
$d0l << EOD
4096 103.73
65536 64.0118
1048576 53.9861
16777216 55.4938
268435456 54.3472
1073741824 63.9956
EOD
$d0m << EOD
65536 64.0118 63.9968 64.0263
1073741824 63.9956 63.3636 64.4897
EOD
$d0s << EOD
4096 103.73
1048576 53.9861
16777216 55.4938
268435456 54.3472
EOD
$d1l << EOD

65536 55.9242



1073741824 55.3194
EOD
$d1m << EOD
NaN NaN NaN NaN
EOD
$d1s << EOD
65536 55.9242
1073741824 55.3194
EOD
$d2l << EOD

65536 57.8038

16777216 53.7764


EOD
$d2m << EOD
NaN NaN NaN NaN
EOD
$d2s << EOD
65536 57.8038
16777216 53.7764
EOD
$d3l << EOD
4096 76.3172
65536 47.7651
1048576 46.8021
16777216 46.7149
268435456 46.7176
1073741824 47.3475
EOD
$d3m << EOD
65536 47.7651 47.701 48.441
1073741824 47.3475 47.2409 47.4178
EOD
$d3s << EOD
4096 76.3172
1048576 46.8021
16777216 46.7149
268435456 46.7176
EOD
$d4l << EOD

65536 47.8712



1073741824 47.1151
EOD
$d4m << EOD
NaN NaN NaN NaN
EOD
$d4s << EOD
65536 47.8712
1073741824 47.1151
EOD
$d5l << EOD

65536 49.9431

16777216 47.4577


EOD
$d5m << EOD
NaN NaN NaN NaN
EOD
$d5s << EOD
65536 49.9431
16777216 47.4577
EOD
$d6l << EOD
4096 61.2306
65536 58.4256
1048576 58.3678
16777216 77.1872
268435456 90.8263
1073741824 99.4312
EOD
$d6m << EOD
65536 58.4256 58.4037 58.4378
1073741824 99.4312 97.3715 99.5171
EOD
$d6s << EOD
4096 61.2306
1048576 58.3678
16777216 77.1872
268435456 90.8263
EOD
$d7l << EOD

65536 58.8868



1073741824 95.6371
EOD
$d7m << EOD
NaN NaN NaN NaN
EOD
$d7s << EOD
65536 58.8868
1073741824 95.6371
EOD
$d8l << EOD

65536 92.6732

16777216 92.9484


EOD
$d8m << EOD
NaN NaN NaN NaN
EOD
$d8s << EOD
65536 92.6732
16777216 92.9484
EOD
$d9l << EOD

65536 10.8824



1073741824 9.6876
EOD
$d9m << EOD
NaN NaN NaN NaN
EOD
$d9s << EOD
65536 10.8824
1073741824 9.6876
EOD
$d10l << EOD

65536 4.17292



1073741824 3.88611
EOD
$d10m << EOD
NaN NaN NaN NaN
EOD
$d10s << EOD
65536 4.17292
1073741824 3.88611
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
set yrange [0.25:207.461]
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
