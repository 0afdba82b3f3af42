# regenerate: gnuplot unmap-4k.gp (in this directory)
set terminal svg size 900,540 dynamic noenhanced font 'DejaVu Sans,12' background rgb 'white'
set output 'unmap-4k.svg'
$d0 << EOD
4096 83.0773 83.0773 83.0773
65536 5.94756 5.9436 5.97622
1048576 1.92453 1.92453 1.92453
16777216 1.51472 1.51472 1.51472
268435456 1.47433 1.47433 1.47433
1073741824 1.63176 1.59763 1.71704
EOD
$d1 << EOD
65536 6.22705 6.22705 6.22705
1073741824 1.28339 1.28339 1.28339
EOD
$d2 << EOD
65536 6.00411 6.00411 6.00411
16777216 2.43212 2.43212 2.43212
EOD
$d3 << EOD
4096 65.6694 65.6694 65.6694
65536 5.04952 5.00336 5.07742
1048576 1.65105 1.65105 1.65105
16777216 1.41498 1.41498 1.41498
268435456 1.39801 1.39801 1.39801
1073741824 1.4235 1.41733 1.45657
EOD
$d4 << EOD
65536 4.96275 4.96275 4.96275
1073741824 1.76055 1.76055 1.76055
EOD
$d5 << EOD
65536 4.94494 4.94494 4.94494
16777216 2.1985 2.1985 2.1985
EOD
$d6 << EOD
4096 99.9129 99.9129 99.9129
65536 97.032 96.7604 98.4859
1048576 95.9521 95.9521 95.9521
16777216 95.9786 95.9786 95.9786
268435456 96.327 96.327 96.327
1073741824 96.1614 96.0639 96.2585
EOD
$d7 << EOD
65536 99.0826 99.0826 99.0826
1073741824 99.0896 99.0896 99.0896
EOD
$d8 << EOD
65536 96.3201 96.3201 96.3201
16777216 96.0922 96.0922 96.0922
EOD
$d9 << EOD
65536 3.78374 3.78374 3.78374
1073741824 2.8286 2.8286 2.8286
EOD
$d10 << EOD
65536 3.47781 3.47781 3.47781
1073741824 3.30043 3.30043 3.30043
EOD
set title 'unmap: ns per 4 KiB against buffer size, 4 KiB pages (lower is better)'
set xlabel 'buffer size (log scale)'
set ylabel 'ns per 4 KiB (CPU time; median of repetitions)'
set logscale x 2
set logscale y 10
set xtics ("4KiB" 4096, "64KiB" 65536, "1MiB" 1048576, "16MiB" 16777216, "256MiB" 268435456, "1GiB" 1073741824)
set xrange [2560:1.71799e+09]
set yrange [0.641694:199.826]
set ytics ("1" 1, "2" 2, "5" 5, "10" 10, "20" 20, "50" 50, "100" 100)
set grid xtics ytics lc rgb '#e4e4e4' lw 1
set key outside right top vertical title 'path' Left reverse samplen 3 width -2
set border 3
set xtics nomirror
set ytics nomirror
set bars small
plot $d0 using 1:2:3:4 with yerrorlines lw 2 dt 1 pt 7 ps 0.8 lc rgb '#1f77b4' title 'sg', \
     $d1 using 1:2:3:4 with yerrorlines lw 2 dt 2 pt 6 ps 0.8 lc rgb '#1f77b4' title 'sg-fq', \
     $d2 using 1:2:3:4 with yerrorlines lw 2 dt 3 pt 6 ps 0.8 lc rgb '#1f77b4' title 'sg-cold', \
     $d3 using 1:2:3:4 with yerrorlines lw 2 dt 1 pt 5 ps 0.8 lc rgb '#d62728' title 'iova', \
     $d4 using 1:2:3:4 with yerrorlines lw 2 dt 2 pt 4 ps 0.8 lc rgb '#d62728' title 'iova-fq', \
     $d5 using 1:2:3:4 with yerrorlines lw 2 dt 3 pt 4 ps 0.8 lc rgb '#d62728' title 'iova-cold', \
     $d6 using 1:2:3:4 with yerrorlines lw 2 dt 1 pt 9 ps 0.8 lc rgb '#2ca02c' title 'phys', \
     $d7 using 1:2:3:4 with yerrorlines lw 2 dt 2 pt 8 ps 0.8 lc rgb '#2ca02c' title 'phys-fq', \
     $d8 using 1:2:3:4 with yerrorlines lw 2 dt 3 pt 8 ps 0.8 lc rgb '#2ca02c' title 'phys-cold', \
     $d9 using 1:2:3:4 with yerrorlines lw 2 dt 1 pt 11 ps 0.8 lc rgb '#9467bd' title 'sg-direct', \
     $d10 using 1:2:3:4 with yerrorlines lw 2 dt 1 pt 13 ps 0.8 lc rgb '#8c564b' title 'phys-direct'
