package config

import (
	"io"
	"log/slog"
	"strings"
)

// NewLogger returns a logger writing to w in LogFormat at LogLevel, as Validate left them.
// An unknown level means info, an unknown format JSON.
func (c Config) NewLogger(w io.Writer) *slog.Logger {
	var level slog.Level
	if err := level.UnmarshalText([]byte(c.LogLevel)); err != nil {
		level = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: level}
	if strings.EqualFold(c.LogFormat, "text") {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}
