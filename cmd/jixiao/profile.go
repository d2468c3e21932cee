package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/jixiao/jixiao/evaluation"
	"github.com/jixiao/jixiao/profile"
)

// profileFlags are the --profile and --profiles flags of the commands
// that evaluate inputs.
type profileFlags struct {
	name, dir string
}

// setUsage makes fs's usage the line usage and the flags' defaults.
func setUsage(fs *flag.FlagSet, w io.Writer, usage string) {
	fs.Usage = func() {
		fmt.Fprintln(w, usage)
		fs.PrintDefaults()
	}
}

// parseArgs parses a subcommand's arguments and checks with complete
// that they name what it needs (its files, its output); false, with the
// usage printed when complete fails, means exit with exitUnread.
func parseArgs(fs *flag.FlagSet, args []string, complete func() bool) bool {
	if err := fs.Parse(args); err != nil {
		return false // flag has printed the error and the usage
	}
	if !complete() {
		fs.Usage()
		return false
	}
	return true
}

func addProfileFlags(fs *flag.FlagSet) *profileFlags {
	p := &profileFlags{}
	fs.StringVar(&p.name, "profile", "", "evaluate every input with this form profile, whatever it names (default: the input's, else "+profile.Default+")")
	fs.StringVar(&p.dir, "profiles", "", "a `directory` of profile files (*.json) loaded beside the built-in ones")
	return p
}

// config loads the profiles once and returns the evaluation config. An
// unknown --profile is an error of the invocation, exit status 1, like an
// invalid input; profiles that do not load are 2, like unreadable input.
func (p *profileFlags) config(stderr io.Writer) (*evaluation.Config, int) {
	set, err := profile.LoadDir(p.dir)
	if err != nil {
		fmt.Fprintf(stderr, "jixiao: %v\n", err)
		return nil, exitUnread
	}
	if p.name != "" {
		if _, err := set.Get(p.name); err != nil {
			fmt.Fprintf(stderr, "jixiao: --profile: 没有这个表单配置 %v\n", err)
			return nil, exitInvalid
		}
	}
	return &evaluation.Config{Profiles: set, Profile: p.name}, exitOK
}
