# regenerate: gnuplot unmap-2m.gp (in this directory)
set terminal svg size 900,540 dynamic noenhanced font 'DejaVu Sans,12' background rgb 'white'
set output 'unmap-2m.svg'
$d0 << EOD
4096 83.3899 83.3899 83.3899
65536 5.90191 5.89964 5.90435
1048576 1.65545 1.65545 1.65545
16777216 0.0288159 0.0288159 0.0288159
268435456 0.00469608 0.00469608 0.00469608
1073741824 0.00437603 0.00435778 0.0043798
EOD
$d1 << EOD
4096 65.5869 65.5869 65.5869
65536 5.05842 4.99985 5.05991
1048576 1.54795 1.54795 1.54795
16777216 0.0238957 0.0238957 0.0238957
268435456 0.00434082 0.00434082 0.00434082
1073741824 0.00414835 0.00410691 0.00416546
EOD
$d2 << EOD
4096 97.2969 97.2969 97.2969
65536 7.20197 7.19932 7.22682
1048576 1.69837 1.69837 1.69837
16777216 0.233508 0.233508 0.233508
268435456 0.232754 0.232754 0.232754
1073741824 0.236745 0.236558 0.237055
EOD
$d3 << EOD
65536 1.21744 1.21744 1.21744
1073741824 0.00534892 0.00534892 0.00534892
EOD
$d4 << EOD
65536 0.347027 0.347027 0.347027
1073741824 0.0064932 0.0064932 0.0064932
EOD
set title 'unmap: ns per 4 KiB against buffer size, 2 MiB folios (lower is better)'
set xlabel 'buffer size (log scale)'
set ylabel 'ns per 4 KiB (CPU time; median of repetitions)'
set logscale x 2
set logscale y 10
set xtics ("4KiB" 4096, "64KiB" 65536, "1MiB" 1048576, "16MiB" 16777216, "256MiB" 268435456, "1GiB" 1073741824)
set xrange [2560:1.71799e+09]
set yrange [0.00207417:194.594]
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
