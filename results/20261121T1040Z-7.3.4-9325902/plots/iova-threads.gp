# regenerate: gnuplot iova-threads.gp (in this directory)
set terminal svg size 1100,560 dynamic noenhanced font 'DejaVu Sans,12' background rgb 'white'
set output 'iova-threads.svg'
$w0l << EOD
1 9.00108
2 4.43732
4 4.25083
EOD
$w0m << EOD
NaN NaN NaN NaN
EOD
$w0s << EOD
1 9.00108
2 4.43732
4 4.25083
EOD
$c0l << EOD
1 8.99882
2 8.86228
4 8.70197
EOD
$c0m << EOD
NaN NaN NaN NaN
EOD
$c0s << EOD
1 8.99882
2 8.86228
4 8.70197
EOD
$w1l << EOD
1 38.6634
2 300.531
4 605.836
EOD
$w1m << EOD
NaN NaN NaN NaN
EOD
$w1s << EOD
1 38.6634
2 300.531
4 605.836
EOD
$c1l << EOD
1 38.6651
2 586.14
4 1267.57
EOD
$c1m << EOD
NaN NaN NaN NaN
EOD
$c1s << EOD
1 38.6651
2 586.14
4 1267.57
EOD
set object 1 rect from 2.24, graph 0 to graph 1, graph 1 behind fc rgb '#f6e3e3' fs solid 1.0 noborder
set label 'more threads than the machine''s 2 CPUs' at 2.32, graph 0.04 font ',9' textcolor rgb '#8b0000'
set title 'IOVA allocator: ns per alloc+free against threads'
set xlabel 'threads (log scale)'
set ylabel 'ns per op (log scale)'
set logscale x 2
set logscale y 10
set format y '%g'
set xtics ("1" 1, "2" 2, "4*" 4)
set xrange [0.8:5]
set yrange [2.12541:2535.14]
set ytics ("5" 5, "10" 10, "20" 20, "50" 50, "100" 100, "200" 200, "500" 500, "1000" 1000, "2000" 2000)
set grid xtics ytics lc rgb '#e4e4e4'
set key outside right top vertical Left reverse samplen 3 width -2
set border 3
set xtics nomirror
set ytics nomirror
set bars small
plot $w0l using 1:2 with lines lw 2 dt 1 lc rgb '#1f77b4' title 'fast, 1024 live: wall per op of all threads', \
     $w0m using 1:2:3:4 with yerrorbars pt 7 ps 0.8 lc rgb '#1f77b4' notitle, \
     $w0s using 1:2 with points pt 6 ps 1.1 lc rgb '#1f77b4' notitle, \
     $c0l using 1:2 with lines lw 1 dt 3 lc rgb '#1f77b4' title 'fast, 1024 live: CPU per op on its thread', \
     $c0s using 1:2 with points pt 6 ps 1.1 lc rgb '#1f77b4' notitle, \
     $c0m using 1:2 with points pt 7 ps 0.8 lc rgb '#1f77b4' notitle, \
     $w1l using 1:2 with lines lw 2 dt 1 lc rgb '#d62728' title 'tree, 1024 live: wall per op of all threads', \
     $w1m using 1:2:3:4 with yerrorbars pt 7 ps 0.8 lc rgb '#d62728' notitle, \
     $w1s using 1:2 with points pt 6 ps 1.1 lc rgb '#d62728' notitle, \
     $c1l using 1:2 with lines lw 1 dt 3 lc rgb '#d62728' title 'tree, 1024 live: CPU per op on its thread', \
     $c1s using 1:2 with points pt 6 ps 1.1 lc rgb '#d62728' notitle, \
     $c1m using 1:2 with points pt 7 ps 0.8 lc rgb '#d62728' notitle, \
     NaN with points pt 7 ps 0.8 lc rgb '#444444' title 'filled: median, bar: min-max of the repetitions', \
     NaN with points pt 6 ps 1.1 lc rgb '#444444' title 'open: one run (no spread)'
