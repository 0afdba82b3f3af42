# regenerate: gnuplot unmap-2m.gp (in this directory)
set terminal svg size 900,540 dynamic noenhanced font 'DejaVu Sans,12' background rgb 'white'
set output 'unmap-2m.svg'
$d0 << EOD
4096 83.3946 83.3946 83.3946
65536 5.82748 5.82575 5.83977
1048576 1.61787 1.61787 1.61787
16777216 0.028104 0.028104 0.028104
268435456 0.00433746 0.00433746 0.00433746
1073741824 0.00438129 0.00430335 0.00441641
EOD
$d1 << EOD
4096 65.9089 65.9089 65.9089
65536 4.92111 4.9185 4.92168
1048576 1.52778 1.52778 1.52778
16777216 0.0240016 0.0240016 0.0240016
268435456 0.0041807 0.0041807 0.0041807
1073741824 0.00408544 0.00408318 0.00427553
EOD
$d2 << EOD
4096 98.998 98.998 98.998
65536 6.87849 6.87731 6.89123
1048576 1.69145 1.69145 1.69145
16777216 0.234175 0.234175 0.234175
268435456 0.233263 0.233263 0.233263
1073741824 0.236243 0.235953 0.236479
EOD
$d3 << EOD
65536 1.22369 1.22369 1.22369
1073741824 0.0053216 0.0053216 0.0053216
EOD
$d4 << EOD
65536 0.347934 0.347934 0.347934
1073741824 0.00647053 0.00647053 0.00647053
EOD
set title 'unmap: ns per 4 KiB against buffer size, 2 MiB folios (lower is better)'
set xlabel 'buffer size (log scale)'
set ylabel 'ns per 4 KiB (CPU time; median of repetitions)'
set logscale x 2
set logscale y 10
set xtics ("4KiB" 4096, "64KiB" 65536, "1MiB" 1048576, "16MiB" 16777216, "256MiB" 268435456, "1GiB" 1073741824)
set xrange [2560:1.71799e+09]
set yrange [0.00204272:197.996]
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
