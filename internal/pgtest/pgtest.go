// Package pgtest starts a throwaway PostgreSQL server for tests, from
// Debian's postgresql package: initdb in a temporary folder and postgres
// on a free port of 127.0.0.1, as the unprivileged user nobody when the
// tests run as root (postgres refuses to run as root).
package pgtest

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Server is a running PostgreSQL server.
type Server struct {
	// URL is the address of its database postgres, for the user postgres.
	URL  string
	cmd  *exec.Cmd
	done chan struct{}
}

// binDir finds the folder of initdb and postgres: $JIXIAO_PG_BIN, the
// newest /usr/lib/postgresql/N/bin, or the PATH.
func binDir() string {
	if d := os.Getenv("JIXIAO_PG_BIN"); d != "" {
		return d
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	slices.SortFunc(dirs, func(a, b string) int {
		va, _ := strconv.Atoi(filepath.Base(filepath.Dir(a)))
		vb, _ := strconv.Atoi(filepath.Base(filepath.Dir(b)))
		return vb - va
	})
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p)
	}
	return ""
}

// Start starts a server for t and stops it when t ends. Without
// PostgreSQL installed, t is skipped, or fails when CI is set.
func Start(t testing.TB) *Server {
	t.Helper()
	bin := binDir()
	if bin == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("CI is set but PostgreSQL is not installed (scripts/ci-deps.sh installs it)")
		}
		t.Skip("PostgreSQL not found (install Debian's postgresql, or set JIXIAO_PG_BIN): skipping")
	}
	dir, err := os.MkdirTemp("", "jixiao-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	var cred *syscall.Credential
	if os.Geteuid() == 0 {
		u, err := user.Lookup("nobody")
		if err != nil {
			t.Fatalf("running as root, postgres needs an unprivileged user: %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
		cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
		if fi, err := os.Stat("/"); err == nil && fi.Mode().Perm()&0o001 == 0 {
			// A root directory others may not search (mode 750, as some
			// containers have it) keeps nobody from running anything;
			// the root group may search it. PostgreSQL refuses only a
			// root user, not a group.
			cred.Groups = []uint32{0}
		}
	}
	command := func(name string, args ...string) *exec.Cmd {
		cmd := exec.Command(filepath.Join(bin, name), args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "LC_ALL=C", "HOME="+dir)
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: cred, Setpgid: true}
		return cmd
	}
	data := filepath.Join(dir, "data")
	if out, err := command("initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync").CombinedOutput(); err != nil {
		t.Fatalf("initdb: %v\n%s", err, out)
	}
	port := freePort(t)
	s := &Server{URL: fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port), done: make(chan struct{})}
	log, err := os.Create(filepath.Join(dir, "postgres.log"))
	if err != nil {
		t.Fatal(err)
	}
	s.cmd = command("postgres", "-D", data, "-p", strconv.Itoa(port), "-h", "127.0.0.1",
		"-c", "unix_socket_directories=", "-c", "fsync=off", "-c", "synchronous_commit=off",
		"-c", "full_page_writes=off", "-c", "max_connections=200")
	s.cmd.Stdout, s.cmd.Stderr = log, log
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("start postgres: %v", err)
	}
	go func() { s.cmd.Wait(); log.Close(); close(s.done) }()
	t.Cleanup(s.Stop)
	if err := s.waitReady(); err != nil {
		out, _ := os.ReadFile(log.Name())
		t.Fatalf("postgres did not start: %v\n%s", err, out)
	}
	return s
}

// waitReady waits until the server answers, or exits.
func (s *Server) waitReady() error {
	for delay := 10 * time.Millisecond; ; delay = min(2*delay, time.Second) {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		conn, err := pgx.Connect(ctx, s.URL)
		cancel()
		if err == nil {
			conn.Close(context.Background())
			return nil
		}
		select {
		case <-s.done:
			return fmt.Errorf("postgres exited: %v", s.cmd.ProcessState)
		case <-time.After(delay):
		}
	}
}

// Stop stops the server and waits for it to exit.
func (s *Server) Stop() {
	select {
	case <-s.done:
		return
	default:
	}
	// A fast shutdown: connections are closed, nothing is waited for.
	s.cmd.Process.Signal(syscall.SIGINT)
	<-s.done
}

func freePort(t testing.TB) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}
