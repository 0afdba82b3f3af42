# regenerate: gnuplot unmap-2m.gp (in this directory)
set terminal svg size 900,540 dynamic noenhanced font 'DejaVu Sans,12' background rgb 'white'
set output 'unmap-2m.svg'
$d0 << EOD
4096 82.7312 82.7312 82.7312
65536 5.86643 5.85894 5.94253
1048576 1.62113 1.62113 1.62113
16777216 0.0285109 0.0285109 0.0285109
268435456 0.00456518 0.00456518 0.00456518
1073741824 0.00437317 0.00437124 0.00439123
EOD
$d1 << EOD
4096 65.2118 65.2118 65.2118
65536 4.98037 4.97328 4.99823
1048576 1.54345 1.54345 1.54345
16777216 0.0239862 0.0239862 0.0239862
268435456 0.00414406 0.00414406 0.00414406
1073741824 0.00411977 0.0040518 0.0041258
EOD
$d2 << EOD
4096 98.9496 98.9496 98.9496
65536 6.90566 6.89 6.94578
1048576 1.73824 1.73824 1.73824
16777216 0.234092 0.234092 0.234092
268435456 0.232448 0.232448 0.232448
1073741824 0.235896 0.234299 0.238189
EOD
$d3 << EOD
65536 1.21693 1.21693 1.21693
1073741824 0.00536036 0.00536036 0.00536036
EOD
$d4 << EOD
65536 0.347163 0.347163 0.347163
1073741824 0.00647787 0.00647787 0.00647787
EOD
set title 'unmap: ns per 4 KiB against buffer size, 2 MiB folios (lower is better)'
set xlabel 'buffer size (log scale)'
set ylabel 'ns per 4 KiB (CPU time; median of repetitions)'
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
plot $d0 using 1:2:3:4 with yerrorlines lw 2 dt 1 pt 7 ps 0.8 lc rgb '#1f77b4' title 'sg', \
     $d1 using 1:2:3:4 with yerrorlines lw 2 dt 1 pt 5 ps 0.8 lc rgb '#d62728' title 'iova', \
     $d2 using 1:2:3:4 with yerrorlines lw 2 dt 1 pt 9 ps 0.8 lc rgb '#2ca02c' title 'phys', \
     $d3 using 1:2:3:4 with yerrorlines lw 2 dt 1 pt 11 ps 0.8 lc rgb '#9467bd' title 'sg-direct', \
     $d4 using 1:2:3:4 with yerrorlines lw 2 dt 1 pt 13 ps 0.8 lc rgb '#8c564b' title 'phys-direct'
