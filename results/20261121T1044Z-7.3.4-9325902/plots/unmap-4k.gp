# regenerate: gnuplot unmap-4k.gp (in this directory)
set terminal svg size 900,540 dynamic noenhanced font 'DejaVu Sans,12' background rgb 'white'
set output 'unmap-4k.svg'
$d0 << EOD
4096 82.7894 82.7894 82.7894
65536 5.94448 5.92731 5.96596
1048576 2.01144 2.01144 2.01144
16777216 1.57179 1.57179 1.57179
268435456 1.76556 1.76556 1.76556
1073741824 1.62979 1.56175 1.63029
EOD
$d1 << EOD
65536 6.22552 6.22552 6.22552
1073741824 1.53659 1.53659 1.53659
EOD
$d2 << EOD
65536 6.0287 6.0287 6.0287
16777216 2.41527 2.41527 2.41527
EOD
$d3 << EOD
4096 65.7565 65.7565 65.7565
65536 4.94304 4.9407 5.00559
1048576 1.67103 1.67103 1.67103
16777216 1.60715 1.60715 1.60715
268435456 1.43691 1.43691 1.43691
1073741824 1.4015 1.38623 1.42034
EOD
$d4 << EOD
65536 4.93761 4.93761 4.93761
1073741824 1.79278 1.79278 1.79278
EOD
$d5 << EOD
65536 4.97977 4.97977 4.97977
16777216 2.21346 2.21346 2.21346
EOD
$d6 << EOD
4096 100.211 100.211 100.211
65536 96.4655 96.3366 96.6393
1048576 96.8351 96.8351 96.8351
16777216 98.5252 98.5252 98.5252
268435456 98.1705 98.1705 98.1705
1073741824 96.2905 96.2036 96.5247
EOD
$d7 << EOD
65536 99.2516 99.2516 99.2516
1073741824 99.5766 99.5766 99.5766
EOD
$d8 << EOD
65536 96.2061 96.2061 96.2061
16777216 95.727 95.727 95.727
EOD
$d9 << EOD
65536 3.85639 3.85639 3.85639
1073741824 2.78073 2.78073 2.78073
EOD
$d10 << EOD
65536 3.41178 3.41178 3.41178
1073741824 3.31035 3.31035 3.31035
EOD
set title 'unmap: ns per 4 KiB against buffer size, 4 KiB pages (lower is better)'
set xlabel 'buffer size (log scale)'
set ylabel 'ns per 4 KiB (CPU time; median of repetitions)'
set logscale x 2
set logscale y 10
set xtics ("4KiB" 4096, "64KiB" 65536, "1MiB" 1048576, "16MiB" 16777216, "256MiB" 268435456, "1GiB" 1073741824)
set xrange [2560:1.71799e+09]
set yrange [0.700749:200.421]
set ytics ("1" 1, "2" 2, "5" 5, "10" 10, "20" 20, "50" 50, "100" 100, "200" 200)
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
