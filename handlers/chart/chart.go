// Package chart draws range charts as PNG images: one horizontal bar per row, from its minimum
// to its maximum, labelled with the row's name on the left and its range on the right. The axis
// is in dollars unless the chart says otherwise.
package chart

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"

	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
)

// Bar is one row of a range chart.
type Bar struct {
	Label    string // on the left: "Seattle, WA"
	Min, Max int    // whole dollars, or the unit the chart's Axis labels
	Text     string // on the right of the bar: "$146K-$203K"
	// Reference draws the bar in grey, for a row the others compare with (a national range).
	Reference bool
}

// Ranges is a range chart: a title, a line under it and the bars, top to bottom.
type Ranges struct {
	Title, Subtitle string
	Bars            []Bar
	// Tick is the smallest step between the axis's ticks, in the bars' unit (10000 when zero:
	// $10K); a wider range doubles it until at most 8 steps fit.
	Tick int
	// Axis labels a tick; nil writes whole dollars in thousands ("$140K").
	Axis func(v int) string
}

// Layout, in pixels. Text is basicfont's 7×13 face.
const (
	Width     = 800
	rowHeight = 30
	barHeight = 16
	top       = 56  // title, subtitle and a gap
	bottom    = 34  // the axis and its labels
	left      = 160 // labels end here; the plot starts here
	right     = 110 // room for the range text after the longest bar
	charWidth = 7
)

var (
	background = color.RGBA{0xff, 0xff, 0xff, 0xff}
	ink        = color.RGBA{0x1d, 0x1c, 0x1d, 0xff}
	faint      = color.RGBA{0x61, 0x60, 0x61, 0xff}
	grid       = color.RGBA{0xe8, 0xe8, 0xe8, 0xff}
	// BarColor fills every bar but reference ones, which are ReferenceColor.
	BarColor       = color.RGBA{0x12, 0x64, 0xa3, 0xff}
	ReferenceColor = color.RGBA{0x9a, 0x9a, 0x9a, 0xff}
)

// Size is the size of the chart's image: Width wide, and a row per bar tall.
func (r Ranges) Size() (width, height int) {
	return Width, top + len(r.Bars)*rowHeight + bottom
}

// PNG draws the chart and encodes it as a PNG image.
func (r Ranges) PNG() ([]byte, error) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, r.Image()); err != nil {
		return nil, fmt.Errorf("encode chart: %w", err)
	}
	return buf.Bytes(), nil
}

// Image draws the chart.
func (r Ranges) Image() *image.RGBA {
	w, h := r.Size()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), image.NewUniform(background), image.Point{}, draw.Src)
	text(img, 12, 20, ink, r.Title)
	text(img, 12, 38, faint, r.Subtitle)
	s := r.scale()
	plotBottom := top + len(r.Bars)*rowHeight
	for v := s.lo; v <= s.hi; v += s.step {
		x := s.x(v)
		fill(img, image.Rect(x, top-6, x+1, plotBottom), grid)
		label := r.axisLabel(v)
		text(img, x-len(label)*charWidth/2, plotBottom+18, faint, label)
	}
	for i, b := range r.Bars {
		y := top + i*rowHeight
		text(img, 12, y+rowHeight/2+4, ink, fitLabel(b.Label, (left-20)/charWidth))
		c := BarColor
		if b.Reference {
			c = ReferenceColor
		}
		x0, x1 := s.x(b.Min), s.x(b.Max)
		by := y + (rowHeight-barHeight)/2
		fill(img, image.Rect(x0, by, max(x1, x0+2), by+barHeight), c)
		text(img, max(x1, x0+2)+6, y+rowHeight/2+4, ink, b.Text)
	}
	return img
}

// BarSpan is where bar i is drawn: its horizontal extent and the row's vertical middle.
func (r Ranges) BarSpan(i int) (x0, x1, y int) {
	s := r.scale()
	b := r.Bars[i]
	return s.x(b.Min), max(s.x(b.Max), s.x(b.Min)+2), top + i*rowHeight + rowHeight/2
}

func (r Ranges) axisLabel(v int) string {
	if r.Axis != nil {
		return r.Axis(v)
	}
	return fmt.Sprintf("$%dK", v/1000)
}

// scale maps a bar's unit to x: the axis runs from lo to hi in ticks of step, round multiples of
// the chart's Tick around every bar.
type scale struct{ lo, hi, step int }

func (r Ranges) scale() scale {
	step := r.Tick
	if step <= 0 {
		step = 10000
	}
	if len(r.Bars) == 0 {
		return scale{0, step, step}
	}
	lo, hi := r.Bars[0].Min, r.Bars[0].Max
	for _, b := range r.Bars {
		lo, hi = min(lo, b.Min), max(hi, b.Max)
	}
	for (hi-lo)/step > 8 {
		step *= 2
	}
	lo = lo / step * step
	hi = (hi + step - 1) / step * step
	if hi <= lo {
		hi = lo + step
	}
	return scale{lo, hi, step}
}

func (s scale) x(v int) int {
	return left + (v-s.lo)*(Width-left-right)/(s.hi-s.lo)
}

func fill(img *image.RGBA, r image.Rectangle, c color.Color) {
	draw.Draw(img, r, image.NewUniform(c), image.Point{}, draw.Src)
}

// text draws s with its baseline at y; characters the face lacks are left out.
func text(img *image.RGBA, x, y int, c color.Color, s string) {
	d := font.Drawer{Dst: img, Src: image.NewUniform(c), Face: basicfont.Face7x13, Dot: fixed.P(x, y)}
	d.DrawString(s)
}

// fitLabel shortens s to n characters, ending with "..." when cut.
func fitLabel(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-3]) + "..."
}
