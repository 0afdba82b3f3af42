# regenerate: gnuplot map-4k.gp (in this directory)
set terminal svg size 900,540 dynamic noenhanced font 'DejaVu Sans,12' background rgb 'white'
set output 'map-4k.svg'
$d0 << EOD
4096 107.17 107.17 107.17
65536 55.1089 54.8927 55.1154
1048576 53.584 53.584 53.584
16777216 54.4097 54.4097 54.4097
268435456 55.666 55.666 55.666
1073741824 55.9927 55.6567 56.0189
EOD
$d1 << EOD
65536 54.9541 54.9541 54.9541
1073741824 58.3215 58.3215 58.3215
EOD
$d2 << EOD
65536 57.9945 57.9945 57.9945
16777216 53.5659 53.5659 53.5659
EOD
$d3 << EOD
4096 60.7744 60.7744 60.7744
65536 50.1763 48.3945 50.6247
1048576 47.5172 47.5172 47.5172
16777216 47.8055 47.8055 47.8055
268435456 47.1191 47.1191 47.1191
1073741824 47.1519 47.1494 47.1585
EOD
$d4 << EOD
65536 48.021 48.021 48.021
1073741824 47.2656 47.2656 47.2656
EOD
$d5 << EOD
65536 49.8433 49.8433 49.8433
16777216 47.0219 47.0219 47.0219
EOD
$d6 << EOD
4096 62.4969 62.4969 62.4969
65536 58.4725 58.0788 59.0722
1048576 59.4285 59.4285 59.4285
16777216 79.3388 79.3388 79.3388
268435456 93.2947 93.2947 93.2947
1073741824 98.5265 96.8379 98.7328
EOD
$d7 << EOD
65536 59.315 59.315 59.315
1073741824 96.7806 96.7806 96.7806
EOD
$d8 << EOD
65536 91.5107 91.5107 91.5107
16777216 92.4036 92.4036 92.4036
EOD
$d9 << EOD
65536 10.6674 10.6674 10.6674
1073741824 9.75319 9.75319 9.75319
EOD
$d10 << EOD
65536 4.11496 4.11496 4.11496
1073741824 3.85406 3.85406 3.85406
EOD
set label 'in-kernel iommu_map, 256 x 4K per call: 1.53 ns' at graph 0.98, first 1.53125 right offset 0,0.6 textcolor rgb '#555555' font ',10'
set label 'raw PTE store floor: 0.5 ns' at graph 0.98, first 0.5 right offset 0,0.6 textcolor rgb '#888888' font ',10'
set title 'map: ns per 4 KiB against buffer size, 4 KiB pages (lower is better)'
set xlabel 'buffer size (log scale)'
set ylabel 'ns per 4 KiB (CPU time; median of repetitions)'
set logscale x 2
set logscale y 10
set xtics ("4KiB" 4096, "64KiB" 65536, "1MiB" 1048576, "16MiB" 16777216, "256MiB" 268435456, "1GiB" 1073741824)
set xrange [2560:1.71799e+09]
set yrange [0.25:214.339]
set ytics ("0.5" 0.5, "1" 1, "2" 2, "5" 5, "10" 10, "20" 20, "50" 50, "100" 100, "200" 200)
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
     $d10 using 1:2:3:4 with yerrorlines lw 2 dt 1 pt 13 ps 0.8 lc rgb '#8c564b' title 'phys-direct', \
     1.53125 with lines lw 1.5 dt 3 lc rgb '#555555' notitle, \
     0.5 with lines lw 1.5 dt 4 lc rgb '#888888' notitle
