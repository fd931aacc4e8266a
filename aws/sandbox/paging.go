package sandbox

import (
	"encoding/base64"
	"strconv"
	"strings"
)

// maxPageSize is ELBv2's PageSize bound (1-400).
const maxPageSize = 400

// page cuts [0,total) into the page that marker and size select. The marker
// is opaque to callers, as AWS's is.
func page(op string, total int, marker *string, size *int32, def int) (start, end int, next *string, err error) {
	n := def
	if size != nil {
		if *size < 1 || *size > maxPageSize {
			return 0, 0, nil, generic("ValidationError",
				"1 validation error detected: Value '%d' at 'pageSize' failed to satisfy constraint: Member must have value between 1 and %d", *size, maxPageSize)
		}
		n = int(*size)
	}
	if marker != nil && *marker != "" {
		start, err = decodeMarker(op, *marker)
		if err != nil || start > total {
			return 0, 0, nil, generic("ValidationError", "Invalid marker '%s'", *marker)
		}
	}
	end = start + n
	if end >= total {
		return start, total, nil, nil
	}
	return start, end, ptr(encodeMarker(op, end)), nil
}

func encodeMarker(op string, offset int) string {
	return base64.StdEncoding.EncodeToString([]byte(op + ":" + strconv.Itoa(offset)))
}

func decodeMarker(op, m string) (int, error) {
	b, err := base64.StdEncoding.DecodeString(m)
	if err != nil {
		return 0, err
	}
	rest, ok := strings.CutPrefix(string(b), op+":")
	if !ok {
		return 0, strconv.ErrSyntax
	}
	return strconv.Atoi(rest)
}
