# regenerate: gnuplot map-2m.gp (in this directory)
set terminal svg size 1000,560 dynamic noenhanced font 'DejaVu Sans,12' background rgb 'white'
set output 'map-2m.svg'
$d0l << EOD
4096 103.264
65536 12.4861
1048576 5.96014
16777216 4.55712
268435456 4.61139
1073741824 5.75705
EOD
$d0m << EOD
65536 12.4861 12.4662 12.4886
1073741824 5.75705 5.57018 5.89362
EOD
$d0s << EOD
4096 103.264
1048576 5.96014
16777216 4.55712
268435456 4.61139
EOD
$d1l << EOD
4096 61.0319
65536 6.09168
1048576 1.5833
16777216 0.120761
268435456 0.110532
1073741824 0.110686
EOD
$d1m << EOD
65536 6.09168 6.0661 6.10986
1073741824 0.110686 0.110653 0.11071
EOD
$d1s << EOD
4096 61.0319
1048576 1.5833
16777216 0.120761
268435456 0.110532
EOD
$d2l << EOD
4096 61.5742
65536 6.12444
1048576 1.57351
16777216 0.193204
268435456 0.192033
1073741824 0.191406
EOD
$d2m << EOD
65536 6.12444 6.04948 6.13248
1073741824 0.191406 0.190722 0.197749
EOD
$d2s << EOD
4096 61.5742
1048576 1.57351
16777216 0.193204
268435456 0.192033
EOD
$d3l << EOD

65536 5.90054



1073741824 5.21926
EOD
$d3m << EOD
NaN NaN NaN NaN
EOD
$d3s << EOD
65536 5.90054
1073741824 5.21926
EOD
$d4l << EOD

65536 0.585214



1073741824 0.00763337
EOD
$d4m << EOD
NaN NaN NaN NaN
EOD
$d4s << EOD
65536 0.585214
1073741824 0.00763337
EOD
set title 'map: ns per 4 KiB against buffer size, 2 MiB folios (lower is better)'
set xlabel 'buffer size (log scale; lines join measured sizes only)'
set ylabel 'ns per 4 KiB (CPU time; log scale)'
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
