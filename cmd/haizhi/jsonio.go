package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
)

// readJSONFile reads path ("-" for standard input) and decodes it strictly into v: a
// syntax error, a value of the wrong type, an unknown field or data after the document
// is an error naming its line and column, prefixed "--in PATH:". what names the
// document in that last message ("the instance", "the event").
func readJSONFile(path, what string, v any) error {
	var data []byte
	var err error
	if path == "-" {
		data, err = io.ReadAll(os.Stdin)
	} else {
		data, err = os.ReadFile(path)
	}
	if err != nil {
		return err
	}
	fail := func(format string, a ...any) error {
		return fmt.Errorf("--in %s: "+format, append([]any{path}, a...)...)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var syn *json.SyntaxError
		var typ *json.UnmarshalTypeError
		switch {
		case errors.As(err, &syn):
			return fail("%s: %v", position(data, syn.Offset-1), err) // Offset is just past the bad byte
		case errors.As(err, &typ):
			return fail("%s: %s: want %s, got %s", position(data, typ.Offset), typ.Field, typ.Type, typ.Value)
		case strings.HasPrefix(err.Error(), "json: unknown field "):
			return fail("%s: %s", position(data, dec.InputOffset()), strings.TrimPrefix(err.Error(), "json: "))
		}
		return fail("%v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return fail("%s: unexpected data after %s", position(data, dec.InputOffset()), what)
	}
	return nil
}

// writeJSONFile encodes v as one line of JSON to path, or to stdout when path is "-".
func writeJSONFile(stdout io.Writer, path string, v any) error {
	w := stdout
	var file *os.File
	if path != "-" {
		f, err := os.Create(path)
		if err != nil {
			return err
		}
		file, w = f, f
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	err := json.NewEncoder(bw).Encode(v)
	if err == nil {
		err = bw.Flush()
	}
	if file != nil {
		if cerr := file.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		return fmt.Errorf("--out %s: %w", path, err)
	}
	return nil
}
