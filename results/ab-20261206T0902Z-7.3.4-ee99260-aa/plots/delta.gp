# regenerate: gnuplot delta.gp (in this directory)
set terminal svg size 1000,668 dynamic noenhanced font 'DejaVu Sans,12' background rgb 'white'
set output 'delta.svg'
$d << EOD
24 -6.7707 -26.4646 14.4000 29.8382 2062260
23 -0.4477 -10.4805 19.2327 23.5419 2062260
22 -10.6068 -18.1054 28.3451 38.8205 2062260
21 9.0662 -3.5652 29.6183 27.0096 2062260
20 1.2550 -18.2143 7.3471 25.2261 2062260
19 10.0740 -9.1183 18.2440 26.8589 2062260
18 -5.2813 -23.6233 47.8390 54.0059 2062260
17 0.0530 -21.3540 15.8653 38.5839 2062260
16 13.6997 -15.4062 24.8549 29.5642 2062260
15 2.7185 -23.2648 34.0363 22.9885 2062260
14 13.3047 -15.7736 54.6033 46.0823 2062260
13 -0.9291 -27.7800 10.3326 43.7327 2062260
12 -1.9176 -26.7518 15.5303 38.1933 2062260
11 5.9509 -9.6996 13.8445 15.0184 2062260
10 5.0898 -3.0703 31.5718 29.7940 2062260
9 -16.1313 -28.2230 -3.0511 18.1910 8355711
8 -1.1925 -15.9597 27.9048 33.5349 2062260
7 3.8181 -1.0639 11.5833 11.2525 2062260
6 7.2756 -12.3236 31.1854 26.7870 2062260
5 10.4274 -4.6545 16.8813 9.8320 2062260
4 5.2451 -12.8571 22.6012 25.0804 2062260
3 -7.5805 -15.9449 12.1032 20.5240 2062260
2 15.5850 -19.9986 30.6102 33.0886 2062260
1 -11.7283 -17.7528 -3.8459 15.9991 8355711
EOD
set title 'NEW against BASE: change of the median with its 95% interval (bar) and noise floor (grey)'
set xlabel 'change of the median, % (+ = NEW slower; linear)'
set ytics ('map/sg/4k/64KiB' 24, 'map/sg/4k/1GiB' 23, 'map/sg/2m/64KiB' 22, 'map/sg/2m/1GiB' 21, 'map/iova/4k/64KiB' 20, 'map/iova/4k/1GiB' 19, 'map/iova/2m/64KiB' 18, 'map/iova/2m/1GiB' 17, 'map/phys/4k/64KiB' 16, 'map/phys/4k/1GiB' 15, 'map/phys/2m/64KiB' 14, 'map/phys/2m/1GiB' 13, 'unmap/sg/4k/64KiB' 12, 'unmap/sg/4k/1GiB' 11, 'unmap/sg/2m/64KiB' 10, 'unmap/sg/2m/1GiB' 9, 'unmap/iova/4k/64KiB' 8, 'unmap/iova/4k/1GiB' 7, 'unmap/iova/2m/64KiB' 6, 'unmap/iova/2m/1GiB' 5, 'unmap/phys/4k/64KiB' 4, 'unmap/phys/4k/1GiB' 3, 'unmap/phys/2m/64KiB' 2, 'unmap/phys/2m/1GiB' 1) nomirror font ',9'
set yrange [0.3:24.7]
set xrange [-62.6946:63.292]
set grid xtics lc rgb '#e4e4e4'
set border 3
set xtics nomirror
set key outside right top vertical Left reverse title 'verdict'
set style fill solid 0.35 noborder
set arrow from 0, graph 0 to 0, graph 1 nohead lc rgb '#333333' lw 1
plot $d using (0):1:(-$5):5:($1-0.32):($1+0.32) with boxxyerror lc rgb '#cccccc' notitle, \
     $d using 2:1:3:4:6 with xerrorbars pt 7 ps 0.9 lw 1.5 lc rgb variable notitle, \
     NaN with points pt 7 ps 1 lc rgb '#1f77b4' title 'no change', \
     NaN with points pt 7 ps 1 lc rgb '#7f7f7f' title 'within noise'
