# regenerate: gnuplot iova-threads.gp (in this directory)
set terminal svg size 900,540 dynamic noenhanced font 'DejaVu Sans,12' background rgb 'white'
set output 'iova-threads.svg'
$d0 << EOD
1 8.65341 8.65341 8.65341 8.65368
2 5.14506 5.14506 5.14506 10.2775
4 3.66081 3.66081 3.66081 8.64193
EOD
$d1 << EOD
1 38.0878 38.0878 38.0878 38.0889
2 353.137 353.137 353.137 701.026
4 471.737 471.737 471.737 963.28
EOD
set title 'IOVA allocator: ns per alloc+free against threads'
set xlabel 'threads (log scale)'
set ylabel 'ns per op, median'
set logscale x 2
set logscale y 10
set format y '%g'
set xtics (1, 2, 4)
set xrange [0.8:5]
set yrange [1.8304:1926.56]
set ytics ("2" 2, "5" 5, "10" 10, "20" 20, "50" 50, "100" 100, "200" 200, "500" 500, "1000" 1000)
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
