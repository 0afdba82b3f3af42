# regenerate: gnuplot map-2m.gp (in this directory)
set terminal svg size 1000,560 dynamic noenhanced font 'DejaVu Sans,12' background rgb 'white'
set output 'map-2m.svg'
$d0l << EOD
4096 104.156
65536 11.7686
1048576 5.90854
16777216 4.56259
268435456 4.65586
1073741824 5.36265
EOD
$d0m << EOD
65536 11.7686 11.7606 11.8036
1073741824 5.36265 5.30432 5.88977
EOD
$d0s << EOD
4096 104.156
1048576 5.90854
16777216 4.56259
268435456 4.65586
EOD
$d1l << EOD
4096 61.2976
65536 6.04313
1048576 1.62513
16777216 0.121566
268435456 0.1129
1073741824 0.109629
EOD
$d1m << EOD
65536 6.04313 6.04056 6.04724
1073741824 0.109629 0.109519 0.109751
EOD
$d1s << EOD
4096 61.2976
1048576 1.62513
16777216 0.121566
268435456 0.1129
EOD
$d2l << EOD
4096 61.6122
65536 5.95314
1048576 1.61309
16777216 0.190003
268435456 0.189611
1073741824 0.193316
EOD
$d2m << EOD
65536 5.95314 5.95007 5.96313
1073741824 0.193316 0.192322 0.194336
EOD
$d2s << EOD
4096 61.6122
1048576 1.61309
16777216 0.190003
268435456 0.189611
EOD
$d3l << EOD

65536 5.71742



1073741824 5.34698
EOD
$d3m << EOD
NaN NaN NaN NaN
EOD
$d3s << EOD
65536 5.71742
1073741824 5.34698
EOD
$d4l << EOD

65536 0.586607



1073741824 0.00754197
EOD
$d4m << EOD
NaN NaN NaN NaN
EOD
$d4s << EOD
65536 0.586607
1073741824 0.00754197
EOD
set title 'map: ns per 4 KiB against buffer size, 2 MiB folios (lower is better)'
set xlabel 'buffer size (log scale; lines join measured sizes only)'
set ylabel 'ns per 4 KiB (CPU time; log scale)'
set logscale x 2
set logscale y 10
set xtics ("4KiB" 4096, "64KiB" 65536, "1MiB" 1048576, "16MiB" 16777216, "256MiB" 268435456, "1GiB" 1073741824)
set xrange [2560:1.71799e+09]
set yrange [0.00377099:208.312]
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
