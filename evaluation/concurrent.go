package evaluation

// alongside starts f on a goroutine of its own and returns the function
// that waits for it. A panic in f is raised again by wait, on the
// caller's goroutine, where the caller's recovery (the service's, for
// one request) sees it as if f had run there.
func alongside(f func()) (wait func()) {
	done := make(chan any, 1)
	go func() {
		defer func() { done <- recover() }()
		f()
	}()
	return func() {
		if p := <-done; p != nil {
			panic(p)
		}
	}
}
