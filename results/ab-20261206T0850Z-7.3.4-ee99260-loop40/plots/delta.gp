# regenerate: gnuplot delta.gp (in this directory)
set terminal svg size 1000,668 dynamic noenhanced font 'DejaVu Sans,12' background rgb 'white'
set output 'delta.svg'
$d << EOD
24 -4.9866 -11.7343 21.8095 20.3451 2062260
23 -9.1268 -19.6523 4.6259 26.3098 2062260
22 32.0157 -7.3942 35.7956 45.2765 2062260
21 10.7595 4.1098 27.4556 24.5061 8355711
20 24.0681 12.2275 43.1443 22.5553 14034728
19 15.4519 4.5837 21.4507 9.8349 14034728
18 48.8891 17.0377 59.0087 21.5051 14034728
17 40.7803 8.0604 53.9980 33.5006 14034728
16 6.0598 -0.9659 17.2031 19.4908 2062260
15 4.2726 -15.3657 67.8123 29.0083 2062260
14 7.6516 -23.3777 43.5153 57.1720 2062260
13 -22.2863 -30.7437 2.9821 40.1495 2062260
12 3.5135 -3.6745 23.9330 15.8740 2062260
11 -6.7539 -23.2475 11.9612 42.2585 2062260
10 20.6069 9.2034 31.4747 15.0970 16744206
9 -6.1216 -14.5918 7.1557 21.4908 2062260
8 8.6382 -2.6990 25.5926 19.7930 2062260
7 18.8477 4.7941 41.2215 20.6032 8355711
6 14.7433 -2.5689 29.5423 20.9569 2062260
5 6.4020 -16.9271 13.6673 18.3774 2062260
4 -2.2040 -12.8365 5.3795 20.1470 2062260
3 15.7464 5.8883 21.8402 16.0697 8355711
2 14.0436 3.6333 34.7699 18.1424 8355711
1 -0.4475 -10.5669 21.3881 26.3643 2062260
EOD
set title 'NEW against BASE: change of the median with its 95% interval (bar) and noise floor (grey)'
set xlabel 'change of the median, % (+ = NEW slower; linear)'
set ytics ('map/sg/4k/64KiB' 24, 'map/sg/4k/1GiB' 23, 'map/sg/2m/64KiB' 22, 'map/sg/2m/1GiB' 21, 'map/iova/4k/64KiB' 20, 'map/iova/4k/1GiB' 19, 'map/iova/2m/64KiB' 18, 'map/iova/2m/1GiB' 17, 'map/phys/4k/64KiB' 16, 'map/phys/4k/1GiB' 15, 'map/phys/2m/64KiB' 14, 'map/phys/2m/1GiB' 13, 'unmap/sg/4k/64KiB' 12, 'unmap/sg/4k/1GiB' 11, 'unmap/sg/2m/64KiB' 10, 'unmap/sg/2m/1GiB' 9, 'unmap/iova/4k/64KiB' 8, 'unmap/iova/4k/1GiB' 7, 'unmap/iova/2m/64KiB' 6, 'unmap/iova/2m/1GiB' 5, 'unmap/phys/4k/64KiB' 4, 'unmap/phys/4k/1GiB' 3, 'unmap/phys/2m/64KiB' 2, 'unmap/phys/2m/1GiB' 1) nomirror font ',9'
set yrange [0.3:24.7]
set xrange [-67.1707:77.811]
set grid xtics lc rgb '#e4e4e4'
set border 3
set xtics nomirror
set key outside right top vertical Left reverse title 'verdict'
set style fill solid 0.35 noborder
set arrow from 0, graph 0 to 0, graph 1 nohead lc rgb '#333333' lw 1
plot $d using (0):1:(-$5):5:($1-0.32):($1+0.32) with boxxyerror lc rgb '#cccccc' notitle, \
     $d using 2:1:3:4:6 with xerrorbars pt 7 ps 0.9 lw 1.5 lc rgb variable notitle, \
     NaN with points pt 7 ps 1 lc rgb '#ff7f0e' title 'isolated', \
     NaN with points pt 7 ps 1 lc rgb '#1f77b4' title 'no change', \
     NaN with points pt 7 ps 1 lc rgb '#d62728' title 'slower', \
     NaN with points pt 7 ps 1 lc rgb '#7f7f7f' title 'within noise'
