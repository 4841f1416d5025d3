package api

import (
	"math"
	"strconv"
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

// userLimiter bounds one signed-in account: a token bucket of requests per
// minute and a number of requests at once. It guards uploads, whose bodies
// are large: a hundred parallel uploads from one account must not all run.
// Being in memory, it holds per process.
type userLimiter struct {
	rate   *ipLimiter
	mu     sync.Mutex
	active map[int64]int
	atOnce int
}

func newUserLimiter(perMinute float64, burst, atOnce int) *userLimiter {
	return &userLimiter{rate: newIPLimiter(perMinute, burst), active: map[int64]int{}, atOnce: atOnce}
}

// middleware answers 429 with Retry-After when the caller is over either
// bound. It runs after sign-in, so there is always a caller.
func (l *userLimiter) middleware() gin.HandlerFunc {
	return func(c *gin.Context) {
		id, _ := principalID(c)
		l.mu.Lock()
		busy := l.active[id] >= l.atOnce
		if !busy {
			l.active[id]++
		}
		l.mu.Unlock()
		if busy {
			writeError(c, apperr.TooMany(5, "you are already uploading %d files; wait for one to finish", l.atOnce))
			return
		}
		defer func() {
			l.mu.Lock()
			if l.active[id]--; l.active[id] <= 0 {
				delete(l.active, id)
			}
			l.mu.Unlock()
		}()
		if ok, wait := l.rate.allow(strconv.FormatInt(id, 10)); !ok {
			writeError(c, apperr.TooMany(int(math.Ceil(wait.Seconds())), "too many uploads from your account; wait a moment"))
			return
		}
		c.Next()
	}
}
