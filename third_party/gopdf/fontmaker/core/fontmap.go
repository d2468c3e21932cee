package core

type FontMap struct {
	Uv   int
	Name string
}
