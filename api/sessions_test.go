package api_test

import (
	"testing"

	"github.com/juri-id/juri/internal/testenv"
	"github.com/juri-id/juri/models"
)

type signIn struct {
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
}

func signedIn(t *testing.T, s *testenv.Server, email, password string) signIn {
	t.Helper()
	var out signIn
	s.Must(200, "POST", "/api/v1/auth/login", "", map[string]any{"email": email, "password": password}).JSON(t, &out)
	return out
}

// TestLogoutEndsTheAccessToken: an access token stops working the moment
// its session ends, not 15 minutes later.
func TestLogoutEndsTheAccessToken(t *testing.T) {
	s := testenv.NewServer(t)
	u, _ := s.User(models.RoleJudge, nil)
	phone := signedIn(t, s, u.Email, testenv.TestPassword)
	laptop := signedIn(t, s, u.Email, testenv.TestPassword)
	s.Must(200, "GET", "/api/v1/me", phone.AccessToken, nil)

	s.Must(204, "POST", "/api/v1/auth/logout", phone.AccessToken, map[string]any{"refresh_token": phone.RefreshToken})
	expect(t, s.Do("GET", "/api/v1/me", phone.AccessToken, nil), 401, "unauthorized", "the access token after logout")
	expect(t, s.Do("POST", "/api/v1/auth/refresh", "", map[string]any{"refresh_token": phone.RefreshToken}), 401, "unauthorized",
		"the refresh token after logout")
	s.Must(200, "GET", "/api/v1/me", laptop.AccessToken, nil) // another session goes on

	// A refreshed access token belongs to the same session and ends with it.
	var next signIn
	s.Must(200, "POST", "/api/v1/auth/refresh", "", map[string]any{"refresh_token": laptop.RefreshToken}).JSON(t, &next)
	s.Must(204, "POST", "/api/v1/auth/logout", next.AccessToken, nil) // no body: the session of the token
	for name, tok := range map[string]string{"old": laptop.AccessToken, "refreshed": next.AccessToken} {
		expect(t, s.Do("GET", "/api/v1/me", tok, nil), 401, "unauthorized", name+" access token of the ended session")
	}
}

// TestPasswordChangeEndsOtherSessions: a new password ends every other
// session at once, access tokens included; the session that changed it goes
// on. An admin disabling the account ends them all.
func TestPasswordChangeEndsOtherSessions(t *testing.T) {
	s := testenv.NewServer(t)
	who := s.Everyone()
	u, _ := s.User(models.RoleParticipant, &who.OPD.ID)
	here := signedIn(t, s, u.Email, testenv.TestPassword)
	stolen := signedIn(t, s, u.Email, testenv.TestPassword)
	s.Must(200, "PATCH", "/api/v1/me", here.AccessToken, map[string]any{
		"password": "kata-sandi-baru-yang-kuat", "current_password": testenv.TestPassword})
	expect(t, s.Do("GET", "/api/v1/me", stolen.AccessToken, nil), 401, "unauthorized", "another session's access token")
	expect(t, s.Do("POST", "/api/v1/auth/refresh", "", map[string]any{"refresh_token": stolen.RefreshToken}), 401, "unauthorized",
		"another session's refresh token")
	s.Must(200, "GET", "/api/v1/me", here.AccessToken, nil)
	s.Must(200, "POST", "/api/v1/auth/refresh", "", map[string]any{"refresh_token": here.RefreshToken})

	s.Must(200, "PATCH", "/api/v1/users/"+itoa(u.ID), who.AdminTok, map[string]any{"disabled": true})
	expect(t, s.Do("GET", "/api/v1/me", here.AccessToken, nil), 401, "unauthorized", "the session of a disabled account")
}
