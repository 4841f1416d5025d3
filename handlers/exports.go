package handlers

import (
	"fmt"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"
	"github.com/xuri/excelize/v2"

	"github.com/juri-id/juri/valid"
)

// table is the ranking as rows: one per entry, the per-criterion means and
// one column per judge (their total for the entry, blank if they did not
// score it).
type table struct {
	header []string
	rows   [][]any
	// numeric columns and their number format
	formats map[int]string
}

func (rr rankedRound) table(j rankingJSON) table {
	t := table{formats: map[int]string{}}
	t.header = []string{"Peringkat", "ID", "Judul Inovasi", "Perangkat Daerah", "Kategori", "Nilai Akhir", "Jumlah Juri",
		"Simpangan Baku", "Peluang Top N", "Tanda"}
	t.formats[5], t.formats[7], t.formats[8] = "0.00", "0.00", "0%"
	for _, c := range rr.Data.Criteria {
		t.formats[len(t.header)] = "0.00"
		t.header = append(t.header, c.Name+" (rata-rata)")
	}
	judges := make([]int64, 0, len(rr.Data.Judges))
	for id := range rr.Data.Judges {
		judges = append(judges, id)
	}
	slices.Sort(judges)
	for _, id := range judges {
		t.formats[len(t.header)] = "0.00"
		t.header = append(t.header, "Juri: "+rr.Data.Judges[id].Name)
	}
	for _, e := range j.Entries {
		row := []any{e.Rank, e.EntryID, e.Title, e.Organization, e.Category, e.Score, e.Judges, e.Stddev, e.TopNProbability,
			strings.Join(e.Flags, " ")}
		for _, c := range rr.Data.Criteria {
			if v, ok := e.Criteria[c.Key]; ok {
				row = append(row, v)
			} else {
				row = append(row, nil)
			}
		}
		for _, id := range judges {
			if v, ok := e.JudgeScores[strconv.FormatInt(id, 10)]; ok {
				row = append(row, v)
			} else {
				row = append(row, nil)
			}
		}
		t.rows = append(t.rows, row)
	}
	return t
}

func attachment(c *gin.Context, name string) {
	c.Header("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	c.Header("Cache-Control", "no-store")
}

// defuse keeps a text cell from being read as a formula by a spreadsheet
// (CSV injection): a leading =, +, -, @ or control character gets a quote
// in front, as OWASP advises. Titles and names come from participants.
func defuse(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// RankingCSV exports the ranking as CSV (UTF-8 with a byte-order mark, so
// Excel reads the Indonesian names right).
func (h *Results) RankingCSV(c *gin.Context) error {
	rr, j, err := h.ranked(c)
	if err != nil {
		return err
	}
	t := rr.table(j)
	attachment(c, fmt.Sprintf("peringkat-tahap-%d.csv", rr.Round.ID))
	c.Header("Content-Type", "text/csv; charset=utf-8")
	c.Status(http.StatusOK)
	var b strings.Builder
	b.WriteString("\xEF\xBB\xBF")
	header := make([]any, len(t.header))
	for i, h := range t.header {
		header[i] = h
	}
	writeCSVRow(&b, header)
	for _, row := range t.rows {
		writeCSVRow(&b, row)
	}
	c.Writer.WriteString(b.String())
	return nil
}

// writeCSVRow writes one record. Every text cell is quoted, so a ";" inside
// a title cannot split it when Excel in an Indonesian locale reads ";" as the
// separator; numbers go bare so spreadsheets read them as numbers.
func writeCSVRow(b *strings.Builder, row []any) {
	for i, v := range row {
		if i > 0 {
			b.WriteByte(',')
		}
		switch x := v.(type) {
		case nil:
		case float64:
			b.WriteString(strconv.FormatFloat(x, 'f', -1, 64))
		case int, int64:
			fmt.Fprint(b, x)
		default:
			b.WriteString(`"` + strings.ReplaceAll(defuse(valid.Clean(fmt.Sprint(x))), `"`, `""`) + `"`)
		}
	}
	b.WriteString("\r\n")
}

// RankingXLSX exports the ranking as an Excel workbook: the table with a
// header row, frozen panes and number formats; the judges' statistics; and
// how the ranking was computed.
func (h *Results) RankingXLSX(c *gin.Context) error {
	rr, j, err := h.ranked(c)
	if err != nil {
		return err
	}
	f, err := rankingWorkbook(rr, j)
	if err != nil {
		return err
	}
	defer f.Close()
	attachment(c, fmt.Sprintf("peringkat-tahap-%d.xlsx", rr.Round.ID))
	c.Header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	c.Status(http.StatusOK)
	return f.Write(c.Writer)
}

func rankingWorkbook(rr rankedRound, j rankingJSON) (*excelize.File, error) {
	t := rr.table(j)
	f := excelize.NewFile()
	const sheet = "Peringkat"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Color: []string{"DDEBF7"}, Pattern: 1},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
	if err != nil {
		return nil, err
	}
	styles := map[string]int{}
	for _, fmtCode := range []string{"0.00", "0%"} {
		code := fmtCode
		id, err := f.NewStyle(&excelize.Style{CustomNumFmt: &code})
		if err != nil {
			return nil, err
		}
		styles[fmtCode] = id
	}
	for i, h := range t.header {
		cell, _ := excelize.CoordinatesToCellName(i+1, 1)
		f.SetCellValue(sheet, cell, h)
	}
	last, _ := excelize.CoordinatesToCellName(len(t.header), 1)
	f.SetCellStyle(sheet, "A1", last, bold)
	for r, row := range t.rows {
		for i, v := range row {
			if v == nil {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(i+1, r+2)
			if text, ok := v.(string); ok {
				v = valid.Clean(text)
			}
			f.SetCellValue(sheet, cell, v)
			if code, ok := t.formats[i]; ok {
				f.SetCellStyle(sheet, cell, cell, styles[code])
			}
		}
	}
	f.SetColWidth(sheet, "C", "C", 48)
	f.SetColWidth(sheet, "D", "E", 30)
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, XSplit: 3, YSplit: 1, TopLeftCell: "D2", ActivePane: "bottomRight"}); err != nil {
		return nil, err
	}
	if err := judgesSheet(f, j, bold); err != nil {
		return nil, err
	}
	return f, nil
}

func judgesSheet(f *excelize.File, j rankingJSON, bold int) error {
	const sheet = "Juri"
	if _, err := f.NewSheet(sheet); err != nil {
		return err
	}
	f.SetSheetRow(sheet, "A1", &[]any{"ID Juri", "Nama", "Dinilai", "Rata-rata", "Selisih dari rata-rata tahap", "Dinormalisasi", "Catatan"})
	f.SetCellStyle(sheet, "A1", "G1", bold)
	for i, js := range j.Judges {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		f.SetSheetRow(sheet, cell, &[]any{js.JudgeID, js.Name, js.Scored, js.Mean, js.Offset, js.Normalized, js.Note})
	}
	row := len(j.Judges) + 3
	info := [][]any{
		{"Metode", j.Method}, {"Normalisasi", j.Normalize}, {"Top N", j.TopN}, {"Resampel", j.Resamples},
		{"Reliabilitas", j.Reliability.Method}, {"ICC", j.Reliability.ICC}, {"Catatan reliabilitas", j.Reliability.Note},
	}
	for _, n := range j.Notes {
		info = append(info, []any{"Catatan", n})
	}
	for i, kv := range info {
		cell, _ := excelize.CoordinatesToCellName(1, row+i)
		if p, ok := kv[1].(*float64); ok {
			if p == nil {
				kv[1] = "-"
			} else {
				kv[1] = *p
			}
		}
		f.SetSheetRow(sheet, cell, &kv)
	}
	f.SetColWidth(sheet, "B", "B", 40)
	f.SetColWidth(sheet, "G", "G", 60)
	return nil
}
