package export

import (
	"os"
	"strconv"
	"time"
)

// created is the OFD's creation date: SOURCE_DATE_EPOCH (seconds since
// 1970, the reproducible-builds convention) when it is set, so that the
// same input gives the same bytes; else today.
func created() time.Time {
	if v, ok := os.LookupEnv("SOURCE_DATE_EPOCH"); ok {
		if sec, err := strconv.ParseInt(v, 10, 64); err == nil {
			return time.Unix(sec, 0).UTC()
		}
	}
	return time.Now().UTC()
}
