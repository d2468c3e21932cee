package render

// Drawing is a vector picture of a fixed size, such as a chart: shapes
// and text labels in points, origin at its top left, y downwards. The
// layout places it in the type area, on a new page when it does not fit
// in what is left of the current one, and scales it down to the type
// area's width when it is wider; the backends paint its shapes as paths
// and its labels as text in the embedded faces, never as an image.
type Drawing struct {
	Name          string
	Width, Height float64
	// Shapes are painted in order, then the labels over them.
	Shapes []Shape
	Labels []Label
}

// Color is an RGB colour.
type Color struct{ R, G, B uint8 }

// Point is a position in points.
type Point struct{ X, Y float64 }

// Shape is a polyline, or a polygon when Closed: filled with Fill when
// it is set, its outline stroked with Stroke when that is set.
type Shape struct {
	Points []Point
	Closed bool
	Fill   *Color
	Stroke *Color
	// Width is the stroke's width; Dash, when set, its dash pattern
	// (lengths of dash and gap).
	Width float64
	Dash  []float64
}

// Label is one line of text in a drawing.
type Label struct {
	// X and Y are the anchor: Y is the baseline, X the start, middle or
	// end of the text as Align is left, center or right.
	X, Y  float64
	Text  string
	Align string
	// Style names the text style (its face and size); Size, when above
	// 0, overrides the style's size.
	Style string
	Size  float64
}

func (Drawing) isBlock() {}

// Rect returns a closed rectangle shape from its top left corner and
// size.
func Rect(x, y, w, h float64) Shape {
	return Shape{Points: []Point{{x, y}, {x + w, y}, {x + w, y + h}, {x, y + h}}, Closed: true}
}

// Line returns an open two-point shape.
func Line(x1, y1, x2, y2 float64) Shape {
	return Shape{Points: []Point{{x1, y1}, {x2, y2}}}
}
