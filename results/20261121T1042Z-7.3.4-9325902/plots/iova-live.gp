# regenerate: gnuplot iova-live.gp (in this directory)
set terminal svg size 1000,540 dynamic noenhanced font 'DejaVu Sans,12' background rgb 'white'
set output 'iova-live.svg'
$d0l << EOD
1 8.79518
1024 8.70157
1048576 8.66789
EOD
$d0m << EOD
NaN NaN NaN NaN
EOD
$d0s << EOD
1 8.79518
1024 8.70157
1048576 8.66789
EOD
$d1l << EOD
1 45.4067
1024 43.6556
1048576 162.665
EOD
$d1m << EOD
NaN NaN NaN NaN
EOD
$d1s << EOD
1 45.4067
1024 43.6556
1048576 162.665
EOD
set title 'IOVA allocator: ns per alloc+free against live IOVAs, one thread'
set xlabel 'IOVAs already allocated (log scale)'
set ylabel 'CPU ns per alloc+free (log scale)'
set logscale x 10
set logscale y 10
set format y '%g'
set xtics ("1" 1, "1Ki" 1024, "1Mi" 1048576)
set xrange [0.5:2.09715e+06]
set yrange [4.33394:325.33]
set ytics ("5" 5, "10" 10, "20" 20, "50" 50, "100" 100, "200" 200)
set grid xtics ytics lc rgb '#e4e4e4'
set key outside right top vertical title 'allocator' Left reverse samplen 3 width -2
set border 3
set xtics nomirror
set ytics nomirror
set bars small
plot $d0l using 1:2 with lines lw 2 lc rgb '#1f77b4' title 'fast', \
     $d0m using 1:2:3:4 with yerrorbars pt 7 ps 0.8 lc rgb '#1f77b4' notitle, \
     $d0s using 1:2 with points pt 6 ps 1.1 lc rgb '#1f77b4' notitle, \
     $d1l using 1:2 with lines lw 2 lc rgb '#d62728' title 'tree', \
     $d1m using 1:2:3:4 with yerrorbars pt 7 ps 0.8 lc rgb '#d62728' notitle, \
     $d1s using 1:2 with points pt 6 ps 1.1 lc rgb '#d62728' notitle, \
     NaN with points pt 7 ps 0.8 lc rgb '#444444' title 'filled: median, bar: min-max of the repetitions', \
     NaN with points pt 6 ps 1.1 lc rgb '#444444' title 'open: one run (no spread)'
