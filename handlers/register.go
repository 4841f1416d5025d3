package handlers

import (
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/juri-id/juri/apperr"
	"github.com/juri-id/juri/auth"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/store"
	"github.com/juri-id/juri/valid"
)

// Self-registration: a pending registration lives RegistrationTTL, and one
// address gets at most RegistrationMailsPerHour messages from it.
const (
	RegistrationTTL          = 48 * time.Hour
	RegistrationMailsPerHour = 3
)

type registerRequest struct {
	Email          string `json:"email"`
	Password       string `json:"password" clean:"-"`
	Name           string `json:"name"`
	OrganizationID int64  `json:"organization_id"`
}

// registeredJSON is what a registration answers: what was asked for, never
// whether the address already had an account.
type registeredJSON struct {
	Email          string      `json:"email"`
	Name           string      `json:"name"`
	Role           models.Role `json:"role"`
	OrganizationID int64       `json:"organization_id"`
	Verified       bool        `json:"verified"`
	Confirmed      bool        `json:"confirmed"`
}

// registrationMessage is the same sentence for a new address and a taken one.
const registrationMessage = "Kami mengirim e-mail ke alamat itu. Buka tautan di dalamnya untuk mengaktifkan akun; " +
	"setelah itu panitia memverifikasi OPD Anda. / We sent an e-mail to that address: follow its link to activate the account."

// Register asks for a participant account of an existing OPD. The answer is
// the same whether or not the address has an account (the outside review
// found the old 409 told strangers who is registered): a new address gets a
// confirmation link, and the account exists once it is followed; a taken one
// gets a notice, and no second account is made.
func (h *Auth) Register(c *gin.Context) error {
	ctx := c.Request.Context()
	var req registerRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	email := valid.NormalizeEmail(req.Email)
	f := fieldErrors{}
	f.check("email", valid.Email(email))
	f.check("name", valid.Text(req.Name, 200))
	f.check("password", passwordReason(h.Passwords, req.Password, email))
	if req.OrganizationID <= 0 {
		f.check("organization_id", "is required: choose your OPD")
	} else if _, err := h.Store.OrganizationByID(ctx, req.OrganizationID); err != nil {
		f.check("organization_id", "does not name an existing organization")
	}
	if err := f.err(); err != nil {
		return err
	}
	// Hash in both cases, so the answer takes the same time.
	hash, err := hashPassword(c, h.Passwords, req.Password)
	if err != nil {
		return err
	}
	name := strings.TrimSpace(req.Name)
	var reg *models.Registration
	note := h.Notify.RegistrationTaken(email)
	if _, err := h.Store.UserByEmail(ctx, email); err == store.ErrNotFound {
		token, tokenHash, err := auth.NewRefreshToken()
		if err != nil {
			return err
		}
		reg = &models.Registration{Email: email, Name: name, OrganizationID: req.OrganizationID, PasswordHash: hash,
			TokenHash: tokenHash, ExpiresAt: h.Now().Add(RegistrationTTL)}
		note = h.Notify.ConfirmRegistration(email, name, token, int(RegistrationTTL.Hours()))
	} else if err != nil {
		return err
	}
	if err := h.Store.Register(ctx, reg, note, RegistrationMailsPerHour); err != nil {
		return err
	}
	return reply(c, http.StatusCreated, gin.H{"message": registrationMessage, "user": registeredJSON{
		Email: email, Name: name, Role: models.RoleParticipant, OrganizationID: req.OrganizationID}})
}

type confirmRequest struct {
	Token string `json:"token"`
}

// Confirm follows a registration's link: the account is made (an unverified
// participant) and signed in.
func (h *Auth) Confirm(c *gin.Context) error {
	var req confirmRequest
	if err := bindJSON(c, &req); err != nil {
		return err
	}
	if req.Token == "" || len(req.Token) > 200 {
		return apperr.Validation(map[string]string{"token": "is required"})
	}
	u, err := h.Store.ConfirmRegistration(c.Request.Context(), auth.HashRefreshToken(req.Token))
	if err == store.ErrTokenInvalid {
		return apperr.Validation(map[string]string{"token": "is invalid or has expired, or the address has an account already; register again or sign in"})
	}
	if err != nil {
		return err
	}
	return h.startSession(c, u)
}
