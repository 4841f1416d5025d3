package api

import (
	"math"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"golang.org/x/time/rate"

	"github.com/juri-id/juri/apperr"
)

// ipLimiter is a token bucket per client IP. It guards the sign-in and other
// public endpoints in front of the per-account limits kept in the database;
// being in memory, it holds per process, which is enough to blunt a flood.
type ipLimiter struct {
	mu      sync.Mutex
	buckets map[string]*bucket
	every   rate.Limit
	burst   int
	calls   int
}

type bucket struct {
	lim  *rate.Limiter
	seen time.Time
}

func newIPLimiter(perMinute float64, burst int) *ipLimiter {
	return &ipLimiter{buckets: map[string]*bucket{}, every: rate.Limit(perMinute / 60), burst: burst}
}

// allow reports whether ip may go on, and otherwise how long it should wait.
func (l *ipLimiter) allow(ip string) (bool, time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	l.calls++
	if l.calls%1024 == 0 {
		for k, b := range l.buckets {
			if now.Sub(b.seen) > 30*time.Minute {
				delete(l.buckets, k)
			}
		}
	}
	b, ok := l.buckets[ip]
	if !ok {
		b = &bucket{lim: rate.NewLimiter(l.every, l.burst)}
		l.buckets[ip] = b
	}
	b.seen = now
	r := b.lim.ReserveN(now, 1)
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}

// middleware answers 429 with Retry-After when the caller's IP is over.
func (l *ipLimiter) middleware() gin.HandlerFunc {
	return func(c *gin.Context) {
		ok, wait := l.allow(c.ClientIP())
		if !ok {
			writeError(c, apperr.TooMany(int(math.Ceil(wait.Seconds())), "too many requests from your address; slow down"))
			return
		}
		c.Next()
	}
}
