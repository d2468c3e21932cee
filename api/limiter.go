package api

import (
	"context"
	"sync/atomic"
	"time"
)

// limiter bounds rendering: at most slots documents render at once, and
// at most admit requests are admitted (rendering or waiting for a slot).
// A request that finds the admission full is refused at once; one that is
// admitted waits for a slot.
type limiter struct {
	admit   chan struct{}
	slots   chan struct{}
	waiting atomic.Int64
	// avg is a moving average of render durations, in nanoseconds, for
	// the Retry-After estimate.
	avg atomic.Int64
}

func newLimiter(concurrency, queue int) *limiter {
	l := &limiter{
		admit: make(chan struct{}, concurrency+queue),
		slots: make(chan struct{}, concurrency),
	}
	l.avg.Store(int64(200 * time.Millisecond))
	return l
}

// tryAdmit admits a request if there is room, without waiting.
func (l *limiter) tryAdmit() (release func(), ok bool) {
	select {
	case l.admit <- struct{}{}:
		return func() { <-l.admit }, true
	default:
		return nil, false
	}
}

// acquire waits for a render slot until ctx is done.
func (l *limiter) acquire(ctx context.Context) (release func(), err error) {
	select {
	case l.slots <- struct{}{}:
		return l.releaseSlot, nil
	default:
	}
	l.waiting.Add(1)
	defer l.waiting.Add(-1)
	select {
	case l.slots <- struct{}{}:
		return l.releaseSlot, nil
	case <-ctx.Done():
		return nil, context.Cause(ctx)
	}
}

func (l *limiter) releaseSlot() { <-l.slots }

// inUse returns the number of slots taken.
func (l *limiter) inUse() int { return len(l.slots) }

// observe feeds a render duration into the moving average (weight 1/8).
func (l *limiter) observe(d time.Duration) {
	for {
		old := l.avg.Load()
		next := old + (int64(d)-old)/8
		if l.avg.CompareAndSwap(old, next) {
			return
		}
	}
}

// retryAfter estimates in whole seconds, from 1 to 60, when a slot should
// be free for a new request: the work ahead of it spread over the slots.
func (l *limiter) retryAfter() int {
	ahead := l.waiting.Load() + int64(len(l.slots)) + 1
	wait := time.Duration(l.avg.Load() * ahead / int64(cap(l.slots)))
	secs := int((wait + time.Second - 1) / time.Second)
	return min(max(secs, 1), 60)
}

// budget bounds a quantity held by many requests at once: the bytes of
// the bodies in memory.
type budget struct {
	max  int64
	used atomic.Int64
}

// take reserves n if it fits.
func (b *budget) take(n int64) bool {
	for {
		old := b.used.Load()
		if old+n > b.max {
			return false
		}
		if b.used.CompareAndSwap(old, old+n) {
			return true
		}
	}
}

func (b *budget) give(n int64) { b.used.Add(-n) }
