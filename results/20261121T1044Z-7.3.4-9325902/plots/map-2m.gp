# regenerate: gnuplot map-2m.gp (in this directory)
set terminal svg size 1000,560 dynamic noenhanced font 'DejaVu Sans,12' background rgb 'white'
set output 'map-2m.svg'
$d0l << EOD
4096 104.982
65536 11.7487
1048576 5.85728
16777216 4.66841
268435456 4.58958
1073741824 5.42769
EOD
$d0m << EOD
65536 11.7487 11.73 11.7506
1073741824 5.42769 5.41869 5.59157
EOD
$d0s << EOD
4096 104.982
1048576 5.85728
16777216 4.66841
268435456 4.58958
EOD
$d1l << EOD
4096 61.3344
65536 6.04224
1048576 1.63548
16777216 0.121274
268435456 0.110746
1073741824 0.110362
EOD
$d1m << EOD
65536 6.04224 6.03172 6.07254
1073741824 0.110362 0.110346 0.110514
EOD
$d1s << EOD
4096 61.3344
1048576 1.63548
16777216 0.121274
268435456 0.110746
EOD
$d2l << EOD
4096 62.5548
65536 5.93907
1048576 1.59232
16777216 0.189518
268435456 0.189769
1073741824 0.193751
EOD
$d2m << EOD
65536 5.93907 5.92305 5.94334
1073741824 0.193751 0.192742 0.198909
EOD
$d2s << EOD
4096 62.5548
1048576 1.59232
16777216 0.189518
268435456 0.189769
EOD
$d3l << EOD

65536 5.73553



1073741824 5.49556
EOD
$d3m << EOD
NaN NaN NaN NaN
EOD
$d3s << EOD
65536 5.73553
1073741824 5.49556
EOD
$d4l << EOD

65536 0.599323



1073741824 0.00753269
EOD
$d4m << EOD
NaN NaN NaN NaN
EOD
$d4s << EOD
65536 0.599323
1073741824 0.00753269
EOD
set title 'map: ns per 4 KiB against buffer size, 2 MiB folios (lower is better)'
set xlabel 'buffer size (log scale; lines join measured sizes only)'
set ylabel 'ns per 4 KiB (CPU time; log scale)'
set logscale x 2
set logscale y 10
set xtics ("4KiB" 4096, "64KiB" 65536, "1MiB" 1048576, "16MiB" 16777216, "256MiB" 268435456, "1GiB" 1073741824)
set xrange [2560:1.71799e+09]
set yrange [0.00376634:209.965]
set ytics ("0.01" 0.01, "0.1" 0.1, "1" 1, "10" 10, "100" 100)
set grid xtics ytics lc rgb '#e4e4e4' lw 1
set key outside right top vertical title 'path' Left reverse samplen 3 width -2
set border 3
set xtics nomirror
set ytics nomirror
set bars small
plot $d0l using 1:2 with lines lw 2 dt 1 lc rgb '#1f77b4' title 'sg', \
     $d0m using 1:2:3:4 with yerrorbars pt 7 ps 0.8 lc rgb '#1f77b4' notitle, \
     $d0s using 1:2 with points pt 6 ps 1.1 lc rgb '#1f77b4' notitle, \
     $d1l using 1:2 with lines lw 2 dt 1 lc rgb '#d62728' title 'iova', \
     $d1m using 1:2:3:4 with yerrorbars pt 5 ps 0.8 lc rgb '#d62728' notitle, \
     $d1s using 1:2 with points pt 6 ps 1.1 lc rgb '#d62728' notitle, \
     $d2l using 1:2 with lines lw 2 dt 1 lc rgb '#2ca02c' title 'phys', \
     $d2m using 1:2:3:4 with yerrorbars pt 9 ps 0.8 lc rgb '#2ca02c' notitle, \
     $d2s using 1:2 with points pt 6 ps 1.1 lc rgb '#2ca02c' notitle, \
     $d3l using 1:2 with lines lw 2 dt 1 lc rgb '#9467bd' title 'sg-direct', \
     $d3m using 1:2:3:4 with yerrorbars pt 11 ps 0.8 lc rgb '#9467bd' notitle, \
     $d3s using 1:2 with points pt 6 ps 1.1 lc rgb '#9467bd' notitle, \
     $d4l using 1:2 with lines lw 2 dt 1 lc rgb '#8c564b' title 'phys-direct', \
     $d4m using 1:2:3:4 with yerrorbars pt 13 ps 0.8 lc rgb '#8c564b' notitle, \
     $d4s using 1:2 with points pt 6 ps 1.1 lc rgb '#8c564b' notitle, \
     NaN with points pt 7 ps 0.8 lc rgb '#444444' title 'filled: median, bar: min-max of the repetitions', \
     NaN with points pt 6 ps 1.1 lc rgb '#444444' title 'open: one run (no spread)'
