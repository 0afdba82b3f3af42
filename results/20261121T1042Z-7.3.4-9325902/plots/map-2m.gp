# regenerate: gnuplot map-2m.gp (in this directory)
set terminal svg size 900,540 dynamic noenhanced font 'DejaVu Sans,12' background rgb 'white'
set output 'map-2m.svg'
$d0 << EOD
4096 103.264 103.264 103.264
65536 12.4861 12.4662 12.4886
1048576 5.96014 5.96014 5.96014
16777216 4.55712 4.55712 4.55712
268435456 4.61139 4.61139 4.61139
1073741824 5.75705 5.57018 5.89362
EOD
$d1 << EOD
4096 61.0319 61.0319 61.0319
65536 6.09168 6.0661 6.10986
1048576 1.5833 1.5833 1.5833
16777216 0.120761 0.120761 0.120761
268435456 0.110532 0.110532 0.110532
1073741824 0.110686 0.110653 0.11071
EOD
$d2 << EOD
4096 61.5742 61.5742 61.5742
65536 6.12444 6.04948 6.13248
1048576 1.57351 1.57351 1.57351
16777216 0.193204 0.193204 0.193204
268435456 0.192033 0.192033 0.192033
1073741824 0.191406 0.190722 0.197749
EOD
$d3 << EOD
65536 5.90054 5.90054 5.90054
1073741824 5.21926 5.21926 5.21926
EOD
$d4 << EOD
65536 0.585214 0.585214 0.585214
1073741824 0.00763337 0.00763337 0.00763337
EOD
set title 'map: ns per 4 KiB against buffer size, 2 MiB folios (lower is better)'
set xlabel 'buffer size (log scale)'
set ylabel 'ns per 4 KiB (CPU time; median of repetitions)'
set logscale x 2
set logscale y 10
set xtics ("4KiB" 4096, "64KiB" 65536, "1MiB" 1048576, "16MiB" 16777216, "256MiB" 268435456, "1GiB" 1073741824)
set xrange [2560:1.71799e+09]
set yrange [0.00381668:206.528]
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
