# regenerate: gnuplot map-4k.gp (in this directory)
set terminal svg size 900,540 dynamic noenhanced font 'DejaVu Sans,12' background rgb 'white'
set output 'map-4k.svg'
$d0 << EOD
4096 151.647 151.647 151.647
65536 57.3978 57.3762 58.6872
1048576 54.5322 54.5322 54.5322
16777216 53.6839 53.6839 53.6839
268435456 54.6389 54.6389 54.6389
1073741824 55.5506 54.9996 56.0596
EOD
$d1 << EOD
65536 54.9885 54.9885 54.9885
1073741824 55.4285 55.4285 55.4285
EOD
$d2 << EOD
65536 57.6709 57.6709 57.6709
16777216 53.6521 53.6521 53.6521
EOD
$d3 << EOD
4096 60.6553 60.6553 60.6553
65536 47.5352 47.4395 47.7463
1048576 49.5026 49.5026 49.5026
16777216 47.0602 47.0602 47.0602
268435456 47.1675 47.1675 47.1675
1073741824 47.0377 46.9596 47.2881
EOD
$d4 << EOD
65536 47.9122 47.9122 47.9122
1073741824 47.5257 47.5257 47.5257
EOD
$d5 << EOD
65536 50.4433 50.4433 50.4433
16777216 47.2861 47.2861 47.2861
EOD
$d6 << EOD
4096 62.0762 62.0762 62.0762
65536 58.8662 58.8278 58.9369
1048576 58.4471 58.4471 58.4471
16777216 77.2913 77.2913 77.2913
268435456 90.632 90.632 90.632
1073741824 96.6463 95.5969 96.734
EOD
$d7 << EOD
65536 58.2158 58.2158 58.2158
1073741824 95.4691 95.4691 95.4691
EOD
$d8 << EOD
65536 90.9713 90.9713 90.9713
16777216 91.6155 91.6155 91.6155
EOD
$d9 << EOD
65536 10.702 10.702 10.702
1073741824 9.75473 9.75473 9.75473
EOD
$d10 << EOD
65536 4.11916 4.11916 4.11916
1073741824 3.84683 3.84683 3.84683
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
set yrange [0.25:303.294]
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
