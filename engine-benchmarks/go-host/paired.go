package main

import (
	"sort"
	"time"
)

// Paired is the method of the Java side's Paired: two operations alternate in short slices after a
// warm-up, each pair of slices gives a ratio, and the medians are reported, so load that drifts
// during the run moves both sides alike.
type Paired struct {
	Ratio, RatioQ1, RatioQ3 float64
	AMicros, BMicros        float64
}

func comparePaired(a, b func(), rounds int, slice time.Duration) Paired {
	for i := 0; i < 10; i++ {
		timeSlice(a, slice)
		timeSlice(b, slice)
	}
	var ratios, as, bs []float64
	for r := 0; r < rounds; r++ {
		// Alternate which side goes first, so neither always follows the other's garbage.
		var ta, tb float64
		if r%2 == 0 {
			ta = timeSlice(a, slice)
			tb = timeSlice(b, slice)
		} else {
			tb = timeSlice(b, slice)
			ta = timeSlice(a, slice)
		}
		as, bs, ratios = append(as, ta), append(bs, tb), append(ratios, ta/tb)
	}
	return Paired{Ratio: quantile(ratios, 0.5), RatioQ1: quantile(ratios, 0.25), RatioQ3: quantile(ratios, 0.75),
		AMicros: quantile(as, 0.5) / 1000, BMicros: quantile(bs, 0.5) / 1000}
}

// timeSlice runs op for about d; mean nanoseconds per run.
func timeSlice(op func(), d time.Duration) float64 {
	start := time.Now()
	n := 0
	var el time.Duration
	for {
		op()
		n++
		if el = time.Since(start); el >= d {
			break
		}
	}
	return float64(el.Nanoseconds()) / float64(n)
}

// quantile by nearest rank, as the Java side's Paired.q.
func quantile(xs []float64, q float64) float64 {
	v := append([]float64(nil), xs...)
	sort.Float64s(v)
	i := int(q*float64(len(v)-1) + 0.5)
	if i > len(v)-1 {
		i = len(v) - 1
	}
	return v[i]
}
