# regenerate: gnuplot map-2m.gp (in this directory)
set terminal svg size 900,540 dynamic noenhanced font 'DejaVu Sans,12' background rgb 'white'
set output 'map-2m.svg'
$d0 << EOD
4096 104.156 104.156 104.156
65536 11.7686 11.7606 11.8036
1048576 5.90854 5.90854 5.90854
16777216 4.56259 4.56259 4.56259
268435456 4.65586 4.65586 4.65586
1073741824 5.36265 5.30432 5.88977
EOD
$d1 << EOD
4096 61.2976 61.2976 61.2976
65536 6.04313 6.04056 6.04724
1048576 1.62513 1.62513 1.62513
16777216 0.121566 0.121566 0.121566
268435456 0.1129 0.1129 0.1129
1073741824 0.109629 0.109519 0.109751
EOD
$d2 << EOD
4096 61.6122 61.6122 61.6122
65536 5.95314 5.95007 5.96313
1048576 1.61309 1.61309 1.61309
16777216 0.190003 0.190003 0.190003
268435456 0.189611 0.189611 0.189611
1073741824 0.193316 0.192322 0.194336
EOD
$d3 << EOD
65536 5.71742 5.71742 5.71742
1073741824 5.34698 5.34698 5.34698
EOD
$d4 << EOD
65536 0.586607 0.586607 0.586607
1073741824 0.00754197 0.00754197 0.00754197
EOD
set title 'map: ns per 4 KiB against buffer size, 2 MiB folios (lower is better)'
set xlabel 'buffer size (log scale)'
set ylabel 'ns per 4 KiB (CPU time; median of repetitions)'
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
plot $d0 using 1:2:3:4 with yerrorlines lw 2 dt 1 pt 7 ps 0.8 lc rgb '#1f77b4' title 'sg', \
     $d1 using 1:2:3:4 with yerrorlines lw 2 dt 1 pt 5 ps 0.8 lc rgb '#d62728' title 'iova', \
     $d2 using 1:2:3:4 with yerrorlines lw 2 dt 1 pt 9 ps 0.8 lc rgb '#2ca02c' title 'phys', \
     $d3 using 1:2:3:4 with yerrorlines lw 2 dt 1 pt 11 ps 0.8 lc rgb '#9467bd' title 'sg-direct', \
     $d4 using 1:2:3:4 with yerrorlines lw 2 dt 1 pt 13 ps 0.8 lc rgb '#8c564b' title 'phys-direct'
