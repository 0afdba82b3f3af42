# regenerate: gnuplot unmap-2m.gp (in this directory)
set terminal svg size 1000,560 dynamic noenhanced font 'DejaVu Sans,12' background rgb 'white'
set output 'unmap-2m.svg'
$d0l << EOD
4096 82.7312
65536 5.86643
1048576 1.62113
16777216 0.0285109
268435456 0.00456518
1073741824 0.00437317
EOD
$d0m << EOD
65536 5.86643 5.85894 5.94253
1073741824 0.00437317 0.00437124 0.00439123
EOD
$d0s << EOD
4096 82.7312
1048576 1.62113
16777216 0.0285109
268435456 0.00456518
EOD
$d1l << EOD
4096 65.2118
65536 4.98037
1048576 1.54345
16777216 0.0239862
268435456 0.00414406
1073741824 0.00411977
EOD
$d1m << EOD
65536 4.98037 4.97328 4.99823
1073741824 0.00411977 0.0040518 0.0041258
EOD
$d1s << EOD
4096 65.2118
1048576 1.54345
16777216 0.0239862
268435456 0.00414406
EOD
$d2l << EOD
4096 98.9496
65536 6.90566
1048576 1.73824
16777216 0.234092
268435456 0.232448
1073741824 0.235896
EOD
$d2m << EOD
65536 6.90566 6.89 6.94578
1073741824 0.235896 0.234299 0.238189
EOD
$d2s << EOD
4096 98.9496
1048576 1.73824
16777216 0.234092
268435456 0.232448
EOD
$d3l << EOD

65536 1.21693



1073741824 0.00536036
EOD
$d3m << EOD
NaN NaN NaN NaN
EOD
$d3s << EOD
65536 1.21693
1073741824 0.00536036
EOD
$d4l << EOD

65536 0.347163



1073741824 0.00647787
EOD
$d4m << EOD
NaN NaN NaN NaN
EOD
$d4s << EOD
65536 0.347163
1073741824 0.00647787
EOD
set title 'unmap: ns per 4 KiB against buffer size, 2 MiB folios (lower is better)'
set xlabel 'buffer size (log scale; lines join measured sizes only)'
set ylabel 'ns per 4 KiB (CPU time; log scale)'
set logscale x 2
set logscale y 10
set xtics ("4KiB" 4096, "64KiB" 65536, "1MiB" 1048576, "16MiB" 16777216, "256MiB" 268435456, "1GiB" 1073741824)
set xrange [2560:1.71799e+09]
set yrange [0.00205988:197.899]
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
