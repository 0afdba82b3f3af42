# regenerate: gnuplot iova-threads.gp (in this directory)
set terminal svg size 900,540 dynamic noenhanced font 'DejaVu Sans,12' background rgb 'white'
set output 'iova-threads.svg'
$d0 << EOD
1 9.00108 9.00108 9.00108 8.99882
2 4.43732 4.43732 4.43732 8.86228
4 4.25083 4.25083 4.25083 8.70197
EOD
$d1 << EOD
1 38.6634 38.6634 38.6634 38.6651
2 300.531 300.531 300.531 586.14
4 605.836 605.836 605.836 1267.57
EOD
set title 'IOVA allocator: ns per alloc+free against threads'
set xlabel 'threads (log scale)'
set ylabel 'ns per op, median'
set logscale x 2
set logscale y 10
set format y '%g'
set xtics (1, 2, 4)
set xrange [0.8:5]
set yrange [2.12541:2535.14]
set ytics ("5" 5, "10" 10, "20" 20, "50" 50, "100" 100, "200" 200, "500" 500, "1000" 1000, "2000" 2000)
set grid xtics ytics lc rgb '#e4e4e4'
set key outside right top vertical Left reverse samplen 3 width -2
set label 'wall: per op of all threads together; CPU: per op on its thread' at graph 0.02, graph 0.04 font ',10' textcolor rgb '#555555'
set border 3
set xtics nomirror
set ytics nomirror
set bars small
plot $d0 using 1:2:3:4 with yerrorlines lw 2 dt 1 pt 7 ps 0.8 lc rgb '#1f77b4' title 'fast, 1024 live: wall', \
     $d0 using 1:5 with linespoints lw 1 dt 1 pt 6 ps 0.8 lc rgb '#1f77b4' title 'fast, 1024 live: CPU per thread', \
     $d1 using 1:2:3:4 with yerrorlines lw 2 dt 1 pt 7 ps 0.8 lc rgb '#d62728' title 'tree, 1024 live: wall', \
     $d1 using 1:5 with linespoints lw 1 dt 1 pt 6 ps 0.8 lc rgb '#d62728' title 'tree, 1024 live: CPU per thread'
