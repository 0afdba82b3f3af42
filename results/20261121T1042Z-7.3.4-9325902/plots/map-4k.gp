# regenerate: gnuplot map-4k.gp (in this directory)
set terminal svg size 900,540 dynamic noenhanced font 'DejaVu Sans,12' background rgb 'white'
set output 'map-4k.svg'
$d0 << EOD
4096 103.73 103.73 103.73
65536 64.0118 63.9968 64.0263
1048576 53.9861 53.9861 53.9861
16777216 55.4938 55.4938 55.4938
268435456 54.3472 54.3472 54.3472
1073741824 63.9956 63.3636 64.4897
EOD
$d1 << EOD
65536 55.9242 55.9242 55.9242
1073741824 55.3194 55.3194 55.3194
EOD
$d2 << EOD
65536 57.8038 57.8038 57.8038
16777216 53.7764 53.7764 53.7764
EOD
$d3 << EOD
4096 76.3172 76.3172 76.3172
65536 47.7651 47.701 48.441
1048576 46.8021 46.8021 46.8021
16777216 46.7149 46.7149 46.7149
268435456 46.7176 46.7176 46.7176
1073741824 47.3475 47.2409 47.4178
EOD
$d4 << EOD
65536 47.8712 47.8712 47.8712
1073741824 47.1151 47.1151 47.1151
EOD
$d5 << EOD
65536 49.9431 49.9431 49.9431
16777216 47.4577 47.4577 47.4577
EOD
$d6 << EOD
4096 61.2306 61.2306 61.2306
65536 58.4256 58.4037 58.4378
1048576 58.3678 58.3678 58.3678
16777216 77.1872 77.1872 77.1872
268435456 90.8263 90.8263 90.8263
1073741824 99.4312 97.3715 99.5171
EOD
$d7 << EOD
65536 58.8868 58.8868 58.8868
1073741824 95.6371 95.6371 95.6371
EOD
$d8 << EOD
65536 92.6732 92.6732 92.6732
16777216 92.9484 92.9484 92.9484
EOD
$d9 << EOD
65536 10.8824 10.8824 10.8824
1073741824 9.6876 9.6876 9.6876
EOD
$d10 << EOD
65536 4.17292 4.17292 4.17292
1073741824 3.88611 3.88611 3.88611
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
set yrange [0.25:207.461]
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
