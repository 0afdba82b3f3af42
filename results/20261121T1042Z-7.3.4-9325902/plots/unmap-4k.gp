# regenerate: gnuplot unmap-4k.gp (in this directory)
set terminal svg size 900,540 dynamic noenhanced font 'DejaVu Sans,12' background rgb 'white'
set output 'unmap-4k.svg'
$d0 << EOD
4096 85.478 85.478 85.478
65536 5.96021 5.95328 6.00671
1048576 2.02455 2.02455 2.02455
16777216 1.55132 1.55132 1.55132
268435456 1.58246 1.58246 1.58246
1073741824 1.63311 1.6238 1.65876
EOD
$d1 << EOD
65536 6.28125 6.28125 6.28125
1073741824 1.51793 1.51793 1.51793
EOD
$d2 << EOD
65536 6.06695 6.06695 6.06695
16777216 2.45138 2.45138 2.45138
EOD
$d3 << EOD
4096 65.6464 65.6464 65.6464
65536 5.03208 5.02376 5.0824
1048576 1.68396 1.68396 1.68396
16777216 1.43153 1.43153 1.43153
268435456 1.38935 1.38935 1.38935
1073741824 1.42974 1.42893 1.43598
EOD
$d4 << EOD
65536 5.08088 5.08088 5.08088
1073741824 1.6917 1.6917 1.6917
EOD
$d5 << EOD
65536 5.05735 5.05735 5.05735
16777216 2.1993 2.1993 2.1993
EOD
$d6 << EOD
4096 97.8132 97.8132 97.8132
65536 97.5726 97.5639 97.7179
1048576 95.8379 95.8379 95.8379
16777216 95.3341 95.3341 95.3341
268435456 95.6334 95.6334 95.6334
1073741824 97.9462 97.852 98.2172
EOD
$d7 << EOD
65536 99.3186 99.3186 99.3186
1073741824 98.8053 98.8053 98.8053
EOD
$d8 << EOD
65536 96.1123 96.1123 96.1123
16777216 95.4532 95.4532 95.4532
EOD
$d9 << EOD
65536 3.96418 3.96418 3.96418
1073741824 2.74014 2.74014 2.74014
EOD
$d10 << EOD
65536 3.44613 3.44613 3.44613
1073741824 3.35551 3.35551 3.35551
EOD
set title 'unmap: ns per 4 KiB against buffer size, 4 KiB pages (lower is better)'
set xlabel 'buffer size (log scale)'
set ylabel 'ns per 4 KiB (CPU time; median of repetitions)'
set logscale x 2
set logscale y 10
set xtics ("4KiB" 4096, "64KiB" 65536, "1MiB" 1048576, "16MiB" 16777216, "256MiB" 268435456, "1GiB" 1073741824)
set xrange [2560:1.71799e+09]
set yrange [0.694677:198.637]
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
