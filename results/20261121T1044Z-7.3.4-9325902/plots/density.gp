# regenerate: gnuplot density.gp (in this directory)
set terminal svg size 900,540 dynamic noenhanced font 'DejaVu Sans,12' background rgb 'white'
set output 'density.svg'
$d << EOD
"4 KiB pages" 32.252 16.0001 24 32.252 24
"2 MiB folios" 0.0630493 0.031311 0.046875 0.0630493 0.046875
"1 GiB folios" 0.000183105 0.00012207 9.15527e-05 NaN NaN
"mixed sizes" 0.648499 0.500061 0.75 NaN NaN
"unaligned" 32.254 16.0157 32.0156 NaN NaN
"sparse" 3.79694 2.00006 3 NaN NaN
EOD
set title 'descriptor bytes per 4 KiB mapped, by workload (linear axis: height = bytes; lower is better)'
set ylabel 'bytes of descriptors per 4 KiB (linear)'
set style data histogram
set style histogram clustered gap 1.5
set boxwidth 0.92
set datafile missing 'NaN'
set yrange [0:35.4794]
set format y '%g'
set grid ytics lc rgb '#e0e0e0'
set key outside right top vertical title 'path' Left reverse samplen 2 width -1
set border 3
set xtics nomirror scale 0
set ytics nomirror
set xrange [-0.6:5.6]
plot $d using 2:xtic(1) fs solid 0.85 border rgb '#333333' lc rgb '#1f77b4' title 'sg', \
     $d using 3 fs solid 0.85 border rgb '#333333' lc rgb '#d62728' title 'iova', \
     $d using 4 fs solid 0.85 border rgb '#333333' lc rgb '#2ca02c' title 'phys', \
     $d using 5 fs solid 0.85 border rgb '#333333' lc rgb '#9467bd' title 'sg-direct', \
     $d using 6 fs solid 0.85 border rgb '#333333' lc rgb '#8c564b' title 'phys-direct'
