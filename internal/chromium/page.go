package chromium

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// Page is one browser tab, driven through a flat session on the browser's
// connection. Its event handler counts loads and collects console output.
type Page struct {
	conn    *conn
	target  string
	session string

	mu      sync.Mutex
	loads   int
	loaded  chan struct{} // closed and replaced at each load
	console []string
}

// pollInterval is how often WaitFor evaluates its expression.
const pollInterval = 20 * time.Millisecond

// NewPage opens a tab, enables the Page, Runtime and Log domains, loads
// url and waits for its load event.
func (b *Browser) NewPage(ctx context.Context, url string) (*Page, error) {
	var target struct {
		TargetID string `json:"targetId"`
	}
	if err := b.conn.call(ctx, "", "Target.createTarget", map[string]any{"url": "about:blank"}, &target); err != nil {
		return nil, err
	}
	p := &Page{conn: b.conn, target: target.TargetID, loaded: make(chan struct{})}
	if err := p.start(ctx, url); err != nil {
		// ctx may be over, but the tab should still go.
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
		defer cancel()
		p.Close(ctx)
		return nil, err
	}
	return p, nil
}

// start attaches to the page's target, enables the domains whose events
// the page records, and loads url.
func (p *Page) start(ctx context.Context, url string) error {
	var attach struct {
		SessionID string `json:"sessionId"`
	}
	params := map[string]any{"targetId": p.target, "flatten": true}
	if err := p.conn.call(ctx, "", "Target.attachToTarget", params, &attach); err != nil {
		return err
	}
	p.session = attach.SessionID
	p.conn.handle(p.session, p.event)
	for _, method := range []string{"Page.enable", "Runtime.enable", "Log.enable"} {
		if err := p.conn.call(ctx, p.session, method, nil, nil); err != nil {
			return err
		}
	}
	return p.Navigate(ctx, url)
}

// Navigate loads url in the page and waits for its load event. url must
// lead to a new document: a change of fragment alone never loads.
func (p *Page) Navigate(ctx context.Context, url string) error {
	n := p.Loads()
	var res struct {
		ErrorText string `json:"errorText"`
	}
	if err := p.conn.call(ctx, p.session, "Page.navigate", map[string]any{"url": url}, &res); err != nil {
		return err
	}
	if res.ErrorText != "" {
		return fmt.Errorf("loading %s: %s", url, res.ErrorText)
	}
	if err := p.WaitLoad(ctx, n+1); err != nil {
		return fmt.Errorf("loading %s: %w", url, err)
	}
	return nil
}

// Close closes the tab. Closing the Browser closes its pages too.
func (p *Page) Close(ctx context.Context) error {
	if p.session != "" {
		p.conn.handle(p.session, nil)
	}
	return p.conn.call(ctx, "", "Target.closeTarget", map[string]any{"targetId": p.target}, nil)
}

// Loads reports how many documents the page has finished loading (its main
// frame's load events), counting the one NewPage loaded. A reload, or any
// other navigation to a new document, adds one once the new document has
// loaded.
func (p *Page) Loads() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.loads
}

// WaitLoad waits until Loads reaches n. To wait for a reload, take
// n := p.Loads()+1 before causing it.
func (p *Page) WaitLoad(ctx context.Context, n int) error {
	for {
		p.mu.Lock()
		loads, loaded := p.loads, p.loaded
		p.mu.Unlock()
		if loads >= n {
			return nil
		}
		select {
		case <-loaded:
		case <-ctx.Done():
			return fmt.Errorf("waiting for load %d (have %d): %w", n, loads, context.Cause(ctx))
		case <-p.conn.done:
			return fmt.Errorf("waiting for load %d (have %d): %w", n, loads, p.conn.err)
		}
	}
}

// Console returns what the page has logged so far, one entry per console
// call, uncaught exception or browser log entry (such as a failed request),
// for tests to print when they fail.
func (p *Page) Console() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.console...)
}

// Eval evaluates the JavaScript expression expr in the page, awaits it if
// it is a promise, and returns its value as JSON. undefined becomes null;
// NaN, Infinity, -0 and bigints become JSON strings of their JavaScript
// text. A thrown exception or rejected promise is an error.
func (p *Page) Eval(ctx context.Context, expr string) (json.RawMessage, error) {
	v, err := p.evaluate(ctx, expr)
	if err != nil {
		return nil, err
	}
	return v.json(), nil
}

// WaitFor evaluates the JavaScript expression expr every 20 ms until its
// value is truthy or ctx ends. Errors in between, such as an exception or
// the page being mid-reload, count as not yet; the error on timeout names
// expr and its last value or error.
func (p *Page) WaitFor(ctx context.Context, expr string) error {
	tick := time.NewTicker(pollInterval)
	defer tick.Stop()
	last := "not evaluated"
	for {
		v, err := p.evaluate(ctx, expr)
		switch {
		case err == nil && v.truthy():
			return nil
		case errors.Is(err, errClosed):
			return fmt.Errorf("waiting for %s: %w", expr, err)
		case ctx.Err() != nil:
			// The evaluation was cut short; keep the last real outcome.
		case err != nil:
			last = "error: " + err.Error()
		default:
			last = "value: " + string(v.json())
		}
		select {
		case <-tick.C:
		case <-ctx.Done():
			return fmt.Errorf("waiting for %s: %w; last %s", expr, context.Cause(ctx), last)
		}
	}
}

func (p *Page) evaluate(ctx context.Context, expr string) (remoteObject, error) {
	var res struct {
		Result           remoteObject      `json:"result"`
		ExceptionDetails *exceptionDetails `json:"exceptionDetails"`
	}
	params := map[string]any{"expression": expr, "returnByValue": true, "awaitPromise": true}
	if err := p.conn.call(ctx, p.session, "Runtime.evaluate", params, &res); err != nil {
		return remoteObject{}, fmt.Errorf("evaluating %s: %w", expr, err)
	}
	if res.ExceptionDetails != nil {
		return remoteObject{}, fmt.Errorf("evaluating %s: %s", expr, res.ExceptionDetails)
	}
	return res.Result, nil
}

// event records an event of the page's session. It runs on the connection's
// reader goroutine.
func (p *Page) event(method string, params json.RawMessage) {
	var entry string
	switch method {
	case "Page.loadEventFired":
		p.mu.Lock()
		p.loads++
		close(p.loaded)
		p.loaded = make(chan struct{})
		p.mu.Unlock()
		return
	case "Runtime.consoleAPICalled":
		var e struct {
			Type string         `json:"type"`
			Args []remoteObject `json:"args"`
		}
		if json.Unmarshal(params, &e) != nil {
			return
		}
		args := make([]string, len(e.Args))
		for i, a := range e.Args {
			args[i] = a.String()
		}
		entry = "console." + e.Type + ": " + strings.Join(args, " ")
	case "Runtime.exceptionThrown":
		var e struct {
			ExceptionDetails exceptionDetails `json:"exceptionDetails"`
		}
		if json.Unmarshal(params, &e) != nil {
			return
		}
		entry = "exception: " + e.ExceptionDetails.String()
	case "Log.entryAdded":
		var e struct {
			Entry struct {
				Level string `json:"level"`
				Text  string `json:"text"`
				URL   string `json:"url"`
			} `json:"entry"`
		}
		if json.Unmarshal(params, &e) != nil {
			return
		}
		entry = "log." + e.Entry.Level + ": " + e.Entry.Text
		if e.Entry.URL != "" {
			entry += " (" + e.Entry.URL + ")"
		}
	default:
		return
	}
	p.mu.Lock()
	p.console = append(p.console, entry)
	p.mu.Unlock()
}

// remoteObject is a Runtime.RemoteObject, evaluated by value.
type remoteObject struct {
	Type                string          `json:"type"`
	Value               json.RawMessage `json:"value"`
	UnserializableValue string          `json:"unserializableValue"`
	Description         string          `json:"description"`
}

func (o remoteObject) json() json.RawMessage {
	switch {
	case o.UnserializableValue != "":
		b, _ := json.Marshal(o.UnserializableValue)
		return b
	case o.Value == nil:
		return json.RawMessage("null")
	}
	return o.Value
}

// truthy reports whether JavaScript would treat o as true.
func (o remoteObject) truthy() bool {
	switch o.UnserializableValue {
	case "":
	case "NaN", "-0", "0n":
		return false
	default:
		return true
	}
	var v any
	if o.Value == nil || json.Unmarshal(o.Value, &v) != nil {
		return false
	}
	switch v := v.(type) {
	case nil:
		return false
	case bool:
		return v
	case float64:
		return v != 0
	case string:
		return v != ""
	}
	return true
}

// String formats o as console.log would, roughly.
func (o remoteObject) String() string {
	var s string
	switch {
	case o.Value != nil && json.Unmarshal(o.Value, &s) == nil:
		return s
	case (o.Type == "object" || o.Type == "function") && o.Description != "":
		return o.Description
	case o.Value != nil:
		return string(o.Value)
	case o.UnserializableValue != "":
		return o.UnserializableValue
	case o.Description != "":
		return o.Description
	}
	return o.Type
}

// exceptionDetails is a Runtime.ExceptionDetails.
type exceptionDetails struct {
	Text       string        `json:"text"`
	URL        string        `json:"url"`
	LineNumber int           `json:"lineNumber"`
	Exception  *remoteObject `json:"exception"`
}

func (e *exceptionDetails) String() string {
	s := e.Text
	if e.Exception != nil {
		// The description is the message and then the stack.
		// The text may already end with the message.
		msg, _, _ := strings.Cut(e.Exception.String(), "\n")
		if !strings.HasSuffix(s, msg) {
			s += " " + msg
		}
	}
	if e.URL != "" {
		s += fmt.Sprintf(" (%s:%d)", e.URL, e.LineNumber+1)
	}
	return s
}
