package demo

import (
	"bytes"
	"fmt"

	"github.com/go-pdf/fpdf"
)

// proposalPDF renders a small, real PDF of an innovation proposal, so the demo
// has documents to open.
func proposalPDF(in innovation, opdName, category string, sections []struct{ Key, Title string }) ([]byte, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetTitle(in.Title, true)
	pdf.SetAuthor(opdName, true)
	pdf.SetMargins(20, 20, 20)
	pdf.AddPage()
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	pdf.SetFont("Helvetica", "B", 16)
	pdf.MultiCell(0, 8, tr(in.Title), "", "L", false)
	pdf.Ln(2)
	pdf.SetFont("Helvetica", "", 11)
	pdf.MultiCell(0, 6, tr(fmt.Sprintf("%s  |  Kategori: %s", opdName, category)), "", "L", false)
	pdf.Ln(4)
	for _, s := range sections {
		pdf.SetFont("Helvetica", "B", 12)
		pdf.MultiCell(0, 7, tr(s.Title), "", "L", false)
		pdf.SetFont("Helvetica", "", 11)
		pdf.MultiCell(0, 6, tr(sectionText(s.Key, in)), "", "L", false)
		pdf.Ln(3)
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
