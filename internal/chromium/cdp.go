package chromium

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"

	"github.com/coder/websocket"
)

// errClosed reports a call on a connection whose reader has stopped.
var errClosed = errors.New("devtools connection closed")

// conn is one DevTools WebSocket connection to the browser target. Pages
// are flat sessions on it, told apart by session id. One reader goroutine
// routes responses to callers by id and events to session handlers.
// Methods are safe for concurrent use.
type conn struct {
	ws     *websocket.Conn
	nextID atomic.Int64

	mu       sync.Mutex
	pending  map[int64]chan incoming
	sessions map[string]func(method string, params json.RawMessage)

	done chan struct{} // closed when the reader stops
	err  error         // why the reader stopped; set before done is closed
}

type request struct {
	ID        int64  `json:"id"`
	SessionID string `json:"sessionId,omitempty"`
	Method    string `json:"method"`
	Params    any    `json:"params,omitempty"`
}

type incoming struct {
	ID        int64           `json:"id"`
	SessionID string          `json:"sessionId"`
	Method    string          `json:"method"`
	Params    json.RawMessage `json:"params"`
	Result    json.RawMessage `json:"result"`
	Error     *protocolError  `json:"error"`
}

type protocolError struct {
	Code    int    `json:"code"`
	Message string `json:"message"`
	Data    string `json:"data"`
}

func (e *protocolError) Error() string {
	if e.Data != "" {
		return fmt.Sprintf("%s (%d): %s", e.Message, e.Code, e.Data)
	}
	return fmt.Sprintf("%s (%d)", e.Message, e.Code)
}

func dial(ctx context.Context, url string) (*conn, error) {
	ws, _, err := websocket.Dial(ctx, url, nil)
	if err != nil {
		return nil, err
	}
	// Results and console arguments can exceed the 32 KiB default.
	ws.SetReadLimit(64 << 20)
	c := &conn{
		ws:       ws,
		pending:  map[int64]chan incoming{},
		sessions: map[string]func(string, json.RawMessage){},
		done:     make(chan struct{}),
	}
	go c.read()
	return c, nil
}

// read runs until the connection fails or is closed.
func (c *conn) read() {
	var err error
	for {
		var data []byte
		_, data, err = c.ws.Read(context.Background())
		if err != nil {
			break
		}
		var m incoming
		if err = json.Unmarshal(data, &m); err != nil {
			err = fmt.Errorf("decoding devtools message: %w", err)
			break
		}
		c.mu.Lock()
		if m.ID != 0 {
			if ch, ok := c.pending[m.ID]; ok {
				ch <- m // buffered; each id gets one response
				delete(c.pending, m.ID)
			}
		} else if h := c.sessions[m.SessionID]; h != nil && m.Method != "" {
			// Handlers only record state, so holding mu is cheap; it also
			// keeps events of one session in order.
			h(m.Method, m.Params)
		}
		c.mu.Unlock()
	}
	c.ws.CloseNow()
	c.err = fmt.Errorf("%w: %v", errClosed, err)
	close(c.done)
}

// call sends method to the session (the browser if session is empty) and
// decodes the response's result into result, if result is not nil.
func (c *conn) call(ctx context.Context, session, method string, params, result any) error {
	select {
	case <-c.done:
		return fmt.Errorf("%s: %w", method, c.err)
	default:
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("%s: %w", method, context.Cause(ctx))
	}
	id := c.nextID.Add(1)
	data, err := json.Marshal(request{ID: id, SessionID: session, Method: method, Params: params})
	if err != nil {
		return fmt.Errorf("%s: %w", method, err)
	}
	ch := make(chan incoming, 1)
	c.mu.Lock()
	c.pending[id] = ch
	c.mu.Unlock()
	defer func() {
		c.mu.Lock()
		delete(c.pending, id)
		c.mu.Unlock()
	}()
	// A context that ends during a websocket write closes the connection,
	// so the write ignores cancellation; a small loopback write does not
	// block, and Close unblocks it anyway.
	if err := c.ws.Write(context.WithoutCancel(ctx), websocket.MessageText, data); err != nil {
		select {
		case <-c.done:
			return fmt.Errorf("%s: %w", method, c.err)
		default:
			return fmt.Errorf("%s: %w", method, err)
		}
	}
	select {
	case m := <-ch:
		if m.Error != nil {
			return fmt.Errorf("%s: %w", method, m.Error)
		}
		if result != nil {
			if err := json.Unmarshal(m.Result, result); err != nil {
				return fmt.Errorf("%s: decoding result: %w", method, err)
			}
		}
		return nil
	case <-ctx.Done():
		return fmt.Errorf("%s: %w", method, context.Cause(ctx))
	case <-c.done:
		return fmt.Errorf("%s: %w", method, c.err)
	}
}

// handle routes the events of session to h, which runs on the reader
// goroutine and must not block or call back into c. A nil h removes it.
func (c *conn) handle(session string, h func(method string, params json.RawMessage)) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if h == nil {
		delete(c.sessions, session)
		return
	}
	c.sessions[session] = h
}

// close closes the connection and waits for the reader to stop.
func (c *conn) close() {
	c.ws.CloseNow()
	<-c.done
}
