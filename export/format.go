package export

import (
	"context"
	"io"
	"slices"
	"strings"
)

// Format is an output format: what it is called, how it is served and
// how a plan is written in it. The formats are registered once, in
// formats.go; everything that offers a choice of format — the command
// line, the HTTP service and its description, batch, the web page —
// reads the list from Formats.
type Format struct {
	// Name is the format's value in options and its file extension.
	Name string
	// Label names it to people ("PDF").
	Label string
	// MediaType is its MIME type.
	MediaType string
	// Pages is set for a fixed-layout format, drawn from the pages
	// render/layout laid out; such formats share one layout per plan.
	Pages bool
	// Description says what the format is, for the API's description;
	// DescriptionZH says it to the page's users, in Chinese.
	Description, DescriptionZH string
	// write writes a plan in the format and returns its pages, or the
	// sheets of a workbook.
	write func(ctx context.Context, w io.Writer, p *Plan) (pages int, err error)
}

func (f *Format) String() string { return f.Name }

// registry holds the formats in the order they are offered; the first is
// the default.
var registry []*Format

func register(f Format) *Format {
	registry = append(registry, &f)
	return &f
}

// Formats returns the output formats, the default first.
func Formats() []*Format { return slices.Clone(registry) }

// FormatNames returns the names of the formats, the default first.
func FormatNames() []string { return Names(registry) }

// Names returns the names of fs.
func Names(fs []*Format) []string {
	names := make([]string, len(fs))
	for i, f := range fs {
		names[i] = f.Name
	}
	return names
}

// DefaultFormat is the format of a render that names none.
func DefaultFormat() *Format { return registry[0] }

// LookupFormat returns the format of a name, nil when there is none.
func LookupFormat(name string) *Format {
	for _, f := range registry {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// FormatOfMediaType returns the format served as media type mt, nil when
// there is none.
func FormatOfMediaType(mt string) *Format {
	for _, f := range registry {
		if strings.EqualFold(f.MediaType, mt) {
			return f
		}
	}
	return nil
}

// FormatOfFile returns the format a file name's extension names, nil
// when it names none.
func FormatOfFile(name string) *Format {
	dot := strings.LastIndexByte(name, '.')
	if dot < 0 {
		return nil
	}
	return LookupFormat(strings.ToLower(name[dot+1:]))
}

// ParseFormat reads a format option.
func ParseFormat(name string) (*Format, error) {
	if f := LookupFormat(name); f != nil {
		return f, nil
	}
	return nil, optionError("format", name, FormatNames()...)
}

// ParseFormats reads a list of formats, comma-separated or repeated, in
// the order given and without repeats; none gives nil.
func ParseFormats(values ...string) ([]*Format, error) {
	var out []*Format
	for _, v := range values {
		for name := range strings.SplitSeq(v, ",") {
			if name = strings.TrimSpace(name); name == "" {
				continue
			}
			f, err := ParseFormat(name)
			if err != nil {
				return nil, err
			}
			if !slices.Contains(out, f) {
				out = append(out, f)
			}
		}
	}
	return out, nil
}
