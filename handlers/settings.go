package handlers

import (
	"net/http"
	"runtime/debug"

	"github.com/gin-gonic/gin"

	"github.com/juri-id/juri/auth"
	"github.com/juri-id/juri/models"
	"github.com/juri-id/juri/proposal"
	"github.com/juri-id/juri/sniff"
	"github.com/juri-id/juri/store"
)

// Settings tells a client what it must know before it sends anything: the
// limits the server will hold it to, so a browser can check a file or a text
// first and the server still decides.
type Settings struct {
	MaxUpload        int64
	Quota            store.FileQuota
	UploadsPerMinute float64
	UploadsAtOnce    int
}

type uploadSettings struct {
	MaxBytes        int64             `json:"max_bytes"`
	ProposalTypes   []string          `json:"proposal_types"`
	SupportingTypes []string          `json:"supporting_types"`
	Extensions      map[string]string `json:"extensions"`
	// The quota; 0 means no limit.
	MaxFilesPerEntry        int   `json:"max_files_per_entry"`
	MaxBytesPerEntry        int64 `json:"max_bytes_per_entry"`
	MaxBytesPerOrganization int64 `json:"max_bytes_per_organization"`
	MaxBytesPerUnverified   int64 `json:"max_bytes_per_unverified"`
	PerMinute               int   `json:"per_minute"`
	AtOnce                  int   `json:"at_once"`
}

type wordSettings struct {
	HardCap int    `json:"hard_cap"`
	Rule    string `json:"rule"`
}

type passwordSettings struct {
	MinLength int `json:"min_length"`
	MaxBytes  int `json:"max_bytes"`
}

type listSettings struct {
	DefaultLimit int `json:"default_limit"`
	MaxLimit     int `json:"max_limit"`
}

type settingsJSON struct {
	Version         string           `json:"version"`
	Languages       []string         `json:"languages"`
	DefaultLanguage string           `json:"default_language"`
	TimeZone        string           `json:"time_zone"`
	Upload          uploadSettings   `json:"upload"`
	Words           wordSettings     `json:"words"`
	Password        passwordSettings `json:"password"`
	List            listSettings     `json:"list"`
}

// wordRule says in words how proposal.Words counts, for clients that count
// along.
const wordRule = "a word is a run of letters, digits, apostrophes (' or ’) and hyphens (-); " +
	"everything else (spaces, punctuation, dashes, line breaks) separates words"

// Get answers the settings.
func (h *Settings) Get(c *gin.Context) error {
	return reply(c, http.StatusOK, settingsJSON{
		Version: version(), Languages: []string{"id", "en"}, DefaultLanguage: "id", TimeZone: "Asia/Jakarta",
		Upload: uploadSettings{MaxBytes: h.MaxUpload, ProposalTypes: allowed[models.FileProposal],
			SupportingTypes: allowed[models.FileSupporting], Extensions: sniff.Extensions,
			MaxFilesPerEntry: h.Quota.FilesPerEntry, MaxBytesPerEntry: h.Quota.BytesPerEntry,
			MaxBytesPerOrganization: h.Quota.BytesPerOrganization, MaxBytesPerUnverified: h.Quota.BytesPerUnverified,
			PerMinute: int(h.UploadsPerMinute), AtOnce: h.UploadsAtOnce},
		Words:    wordSettings{HardCap: proposal.HardCapWords, Rule: wordRule},
		Password: passwordSettings{MinLength: auth.MinPasswordLen, MaxBytes: auth.MaxPasswordLen},
		List:     listSettings{DefaultLimit: DefaultLimit, MaxLimit: MaxLimit},
	})
}

// version is the module version the binary was built from, or its VCS
// revision, or "dev".
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			return "dev-" + s.Value[:12]
		}
	}
	return "dev"
}
