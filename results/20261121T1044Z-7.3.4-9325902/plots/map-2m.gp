# regenerate: gnuplot map-2m.gp (in this directory)
set terminal svg size 900,540 dynamic noenhanced font 'DejaVu Sans,12' background rgb 'white'
set output 'map-2m.svg'
$d0 << EOD
4096 104.982 104.982 104.982
65536 11.7487 11.73 11.7506
1048576 5.85728 5.85728 5.85728
16777216 4.66841 4.66841 4.66841
268435456 4.58958 4.58958 4.58958
1073741824 5.42769 5.41869 5.59157
EOD
$d1 << EOD
4096 61.3344 61.3344 61.3344
65536 6.04224 6.03172 6.07254
1048576 1.63548 1.63548 1.63548
16777216 0.121274 0.121274 0.121274
268435456 0.110746 0.110746 0.110746
1073741824 0.110362 0.110346 0.110514
EOD
$d2 << EOD
4096 62.5548 62.5548 62.5548
65536 5.93907 5.92305 5.94334
1048576 1.59232 1.59232 1.59232
16777216 0.189518 0.189518 0.189518
268435456 0.189769 0.189769 0.189769
1073741824 0.193751 0.192742 0.198909
EOD
$d3 << EOD
65536 5.73553 5.73553 5.73553
1073741824 5.49556 5.49556 5.49556
EOD
$d4 << EOD
65536 0.599323 0.599323 0.599323
1073741824 0.00753269 0.00753269 0.00753269
EOD
set title 'map: ns per 4 KiB against buffer size, 2 MiB folios (lower is better)'
set xlabel 'buffer size (log scale)'
set ylabel 'ns per 4 KiB (CPU time; median of repetitions)'
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
plot $d0 using 1:2:3:4 with yerrorlines lw 2 dt 1 pt 7 ps 0.8 lc rgb '#1f77b4' title 'sg', \
     $d1 using 1:2:3:4 with yerrorlines lw 2 dt 1 pt 5 ps 0.8 lc rgb '#d62728' title 'iova', \
     $d2 using 1:2:3:4 with yerrorlines lw 2 dt 1 pt 9 ps 0.8 lc rgb '#2ca02c' title 'phys', \
     $d3 using 1:2:3:4 with yerrorlines lw 2 dt 1 pt 11 ps 0.8 lc rgb '#9467bd' title 'sg-direct', \
     $d4 using 1:2:3:4 with yerrorlines lw 2 dt 1 pt 13 ps 0.8 lc rgb '#8c564b' title 'phys-direct'
