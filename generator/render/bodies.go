package render

import (
	"html/template"
	"reflect"
	"strings"
	"text/template/parse"

	"ssg/generator/content"
)

// A dev server's most common rebuild is an edit of one review's body. Its
// review's key changes, and with it the key of every page that lists the
// review; yet most layouts never print a body. readsBodies tells them
// apart by walking a layout's templates with the type of dot at each
// node, so that a body edit re-renders only the pages that can show it and
// re-keys the others.

// blindMethods are the methods, on types that reach a review's body, that
// templates may call without the result depending on any body. A method
// not listed here is taken to read bodies; TestBodyMethods makes every
// method choose.
var blindMethods = map[string]bool{
	"render.Page.Image": true,
	// JSONLD reads a comment count on review pages only, whose layout
	// Load takes to show bodies.
	"render.Page.JSONLD": true,
	"site.Review.Links":  true,
	"site.Film.Label":    true,
	"site.Film.Links":    true,
}

// sinkFuncs print or otherwise read every argument whole.
var sinkFuncs = map[string]bool{"print": true, "printf": true, "println": true, "html": true, "js": true,
	"urlquery": true, "call": true}

var (
	sourceReview = reflect.TypeFor[content.Review]()
	pageType     = reflect.TypeFor[*Page]()
	boolType     = reflect.TypeFor[bool]()
	intType      = reflect.TypeFor[int]()
	stringType   = reflect.TypeFor[string]()
	htmlType     = reflect.TypeFor[template.HTML]()
)

// countBlindMethods are the methods, on types that reach the site's
// counts (Info.Reviews and Info.Films), that read neither.
var countBlindMethods = map[string]bool{
	"render.Page.Image":  true,
	"render.Page.JSONLD": true,
}

// A secret is what a scan looks for: some fields of one struct type.
type secret struct {
	root  reflect.Type           // the struct type declaring the fields
	field func(name string) bool // the fields
	blind map[string]bool        // methods of types reaching root that read none of them
}

var (
	// bodies are content.Review's body fields: its body, word count,
	// hash and comments.
	bodies = secret{sourceReview, content.BodyField, blindMethods}
	// counts are the site's numbers of reviews and films, which adding
	// or removing a review changes.
	counts = secret{reflect.TypeFor[Info](), func(name string) bool { return name == "Reviews" || name == "Films" }, countBlindMethods}
)

// readsBodies reports whether executing set's "base.html" with a *Page can
// print a review's body, word count, hash or comments (content.Review's
// body fields),
// or pass them to a function or method that may. It errs towards yes:
// whatever it cannot follow counts as reading.
func readsBodies(set *template.Template) bool { return reads(set, bodies) }

// readsCounts reports, in the same way, whether it can print the site's
// numbers of reviews and films (.Site.Reviews, .Site.Films).
func readsCounts(set *template.Template) bool { return reads(set, counts) }

func reads(set *template.Template, sec secret) bool {
	s := &bodyScan{set: set, secret: sec, done: map[scanKey]bool{}, holds: map[reflect.Type]bool{}}
	s.template("base.html", pageType)
	return s.reads
}

type scanKey struct {
	name string
	dot  reflect.Type
}

// bodyScan walks templates with static types, looking for reads of a
// secret; a nil type is unknown.
type bodyScan struct {
	set    *template.Template
	secret secret
	done   map[scanKey]bool
	holds  map[reflect.Type]bool // memo of holdsBody
	vars   []variable
	reads  bool
}

type variable struct {
	name string
	typ  reflect.Type
}

// template scans the named template with dot of type dot.
func (s *bodyScan) template(name string, dot reflect.Type) {
	k := scanKey{name, dot}
	if s.done[k] || s.reads {
		return
	}
	s.done[k] = true
	t := s.set.Lookup(name)
	if t == nil || t.Tree == nil || t.Tree.Root == nil {
		if t == nil {
			s.reads = true // fails at run time; be safe
		}
		return
	}
	saved := s.vars
	s.vars = []variable{{"$", dot}}
	s.list(t.Tree.Root, dot)
	s.vars = saved
}

func (s *bodyScan) list(l *parse.ListNode, dot reflect.Type) {
	if l == nil {
		return
	}
	mark := len(s.vars)
	for _, n := range l.Nodes {
		s.node(n, dot)
	}
	s.vars = s.vars[:mark]
}

func (s *bodyScan) node(n parse.Node, dot reflect.Type) {
	switch n := n.(type) {
	case *parse.ActionNode:
		t := s.pipe(n.Pipe, dot)
		if len(n.Pipe.Decl) == 0 {
			s.sink(t) // printed
		}
	case *parse.IfNode:
		mark := len(s.vars)
		s.pipe(n.Pipe, dot)
		s.list(n.List, dot)
		s.list(n.ElseList, dot)
		s.vars = s.vars[:mark]
	case *parse.WithNode:
		mark := len(s.vars)
		t := s.pipe(n.Pipe, dot)
		s.list(n.List, t)
		s.list(n.ElseList, dot)
		s.vars = s.vars[:mark]
	case *parse.RangeNode:
		mark := len(s.vars)
		key, elem := rangeTypes(s.pipeNoDecl(n.Pipe, dot))
		bind := s.declare
		if n.Pipe.IsAssign { // {{range $i = ...}}
			bind = s.assign
		}
		switch len(n.Pipe.Decl) {
		case 1:
			bind(n.Pipe.Decl[0], elem)
		case 2:
			bind(n.Pipe.Decl[0], key)
			bind(n.Pipe.Decl[1], elem)
		}
		// Twice: a variable the body assigns reaches the uses before it
		// on the next pass, with the type the first pass left it.
		for range 2 {
			s.list(n.List, elem)
		}
		s.list(n.ElseList, dot)
		s.vars = s.vars[:mark]
	case *parse.TemplateNode:
		var t reflect.Type
		if n.Pipe != nil {
			t = s.pipe(n.Pipe, dot)
		}
		s.template(n.Name, t)
	case *parse.ListNode:
		s.list(n, dot)
	case *parse.TextNode, *parse.CommentNode, *parse.BreakNode, *parse.ContinueNode:
	default:
		s.reads = true
	}
}

// pipe returns the type of a pipeline's value, declaring its variables.
func (s *bodyScan) pipe(p *parse.PipeNode, dot reflect.Type) reflect.Type {
	t := s.pipeNoDecl(p, dot)
	for _, v := range p.Decl {
		if p.IsAssign {
			s.assign(v, t)
		} else {
			s.declare(v, t)
		}
	}
	return t
}

func (s *bodyScan) pipeNoDecl(p *parse.PipeNode, dot reflect.Type) reflect.Type {
	if p == nil {
		return nil
	}
	var t reflect.Type
	for i, c := range p.Cmds {
		t = s.command(c, dot, t, i > 0)
	}
	return t
}

// command returns the type of one command's value; prev is the previous
// command's, passed as the last argument when piped.
func (s *bodyScan) command(c *parse.CommandNode, dot, prev reflect.Type, piped bool) reflect.Type {
	first := c.Args[0]
	args := c.Args[1:]
	var argTypes []reflect.Type
	for _, a := range args {
		argTypes = append(argTypes, s.arg(a, dot))
	}
	if piped {
		argTypes = append(argTypes, prev)
	}
	if name, ok := cachedCall(c); ok && !piped && len(argTypes) == 2 {
		s.template(name, argTypes[1]) // as {{template NAME DATA}}
		return htmlType
	}
	if id, ok := first.(*parse.IdentifierNode); ok {
		return s.function(id.Ident, argTypes)
	}
	switch n := first.(type) {
	case *parse.FieldNode:
		return s.chain(dot, n.Ident, argTypes)
	case *parse.ChainNode:
		return s.chain(s.arg(n.Node, dot), n.Field, argTypes)
	case *parse.VariableNode:
		return s.chain(s.lookup(n.Ident[0]), n.Ident[1:], argTypes)
	}
	for _, t := range argTypes {
		s.sink(t) // a literal or dot given arguments fails at run time
	}
	return s.arg(first, dot)
}

// arg returns the type of an argument.
func (s *bodyScan) arg(n parse.Node, dot reflect.Type) reflect.Type {
	switch n := n.(type) {
	case *parse.DotNode:
		return dot
	case *parse.FieldNode:
		return s.chain(dot, n.Ident, nil)
	case *parse.ChainNode:
		return s.chain(s.arg(n.Node, dot), n.Field, nil)
	case *parse.VariableNode:
		return s.chain(s.lookup(n.Ident[0]), n.Ident[1:], nil)
	case *parse.PipeNode:
		return s.pipeNoDecl(n, dot)
	case *parse.IdentifierNode:
		return s.function(n.Ident, nil)
	case *parse.StringNode:
		return stringType
	case *parse.BoolNode:
		return boolType
	case *parse.NumberNode:
		return intType
	case *parse.NilNode:
		return nil
	}
	s.reads = true
	return nil
}

// function returns the result type of a call of the function name.
func (s *bodyScan) function(name string, args []reflect.Type) reflect.Type {
	switch name {
	case "and", "or":
		if len(args) == 0 {
			return nil // fails at run time
		}
		for _, t := range args[1:] {
			if t != args[0] {
				for _, a := range args {
					s.sink(a) // a mix of types is not followed further
				}
				return nil
			}
		}
		return args[0]
	case "not", "eq", "ne", "lt", "le", "gt", "ge":
		return boolType
	case "len":
		return intType
	case "index":
		if len(args) == 0 {
			return nil
		}
		t := args[0]
		for range args[1:] {
			t = elemType(t)
		}
		return t
	case "slice":
		if len(args) == 0 {
			return nil
		}
		return args[0]
	}
	if sinkFuncs[name] || strings.HasPrefix(name, "_html_template_") { // html/template's escapers
		for _, t := range args {
			s.sink(t)
		}
		return stringType
	}
	f, ok := funcs[name]
	if !ok {
		s.reads = true
		return nil
	}
	for _, t := range args {
		s.sink(t) // a theme function may read what it is given
	}
	ft := reflect.TypeOf(f)
	if ft.NumOut() == 0 {
		return nil
	}
	return ft.Out(0)
}

// chain follows field, method and map key names from a value of type t;
// args are the arguments of the last name's method call.
func (s *bodyScan) chain(t reflect.Type, names []string, args []reflect.Type) reflect.Type {
	for i, name := range names {
		if t == nil {
			if s.secret.field(name) {
				s.reads = true
			}
			continue
		}
		var callArgs []reflect.Type
		if i == len(names)-1 {
			callArgs = args
		}
		t = s.step(t, name, callArgs)
	}
	if len(names) == 0 {
		for _, a := range args {
			s.sink(a)
		}
	}
	return t
}

// step is one name of a chain.
func (s *bodyScan) step(t reflect.Type, name string, args []reflect.Type) reflect.Type {
	if m, ok := method(t, name); ok {
		if s.holdsBody(t) && !s.secret.blind[typeName(t)+"."+name] {
			s.reads = true
		}
		for _, a := range args {
			s.sink(a)
		}
		if m.Type.NumOut() == 0 {
			return nil
		}
		return m.Type.Out(0)
	}
	for _, a := range args {
		s.sink(a) // arguments to a field fail at run time
	}
	base := t
	for base.Kind() == reflect.Pointer {
		base = base.Elem()
	}
	switch base.Kind() {
	case reflect.Struct:
		f, ok := base.FieldByName(name)
		if !ok {
			return nil
		}
		if s.secret.field(name) && declaredBy(base, f) == s.secret.root {
			s.reads = true
		}
		return f.Type
	case reflect.Map:
		return base.Elem()
	}
	return nil
}

// sink notes that a value of type t is printed or handed to code that may
// read all of it.
func (s *bodyScan) sink(t reflect.Type) {
	if t == nil || s.holdsBody(t) {
		s.reads = true
	}
}

// holdsBody reports whether a value of type t can reach the secret's
// struct (a content.Review for bodies). Interfaces hold front matter
// values (Params) only, never the model.
func (s *bodyScan) holdsBody(t reflect.Type) bool {
	if v, ok := s.holds[t]; ok {
		return v
	}
	s.holds[t] = false // cycles: assume not while looking
	v := false
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Chan:
		v = t == reflect.PointerTo(s.secret.root) || s.holdsBody(t.Elem())
	case reflect.Map:
		v = s.holdsBody(t.Key()) || s.holdsBody(t.Elem())
	case reflect.Struct:
		v = t == s.secret.root
		for i := 0; !v && i < t.NumField(); i++ {
			v = s.holdsBody(t.Field(i).Type)
		}
	}
	s.holds[t] = v
	return v
}

func (s *bodyScan) declare(v *parse.VariableNode, t reflect.Type) {
	s.vars = append(s.vars, variable{v.Ident[0], t})
}

func (s *bodyScan) assign(v *parse.VariableNode, t reflect.Type) {
	for i := len(s.vars) - 1; i >= 0; i-- {
		if s.vars[i].name == v.Ident[0] {
			if s.vars[i].typ != t {
				s.sink(s.vars[i].typ)
				s.vars[i].typ = nil
			}
			return
		}
	}
}

func (s *bodyScan) lookup(name string) reflect.Type {
	for i := len(s.vars) - 1; i >= 0; i-- {
		if s.vars[i].name == name {
			return s.vars[i].typ
		}
	}
	return nil
}

// method finds a method templates can call on a value of type t.
func method(t reflect.Type, name string) (reflect.Method, bool) {
	if m, ok := t.MethodByName(name); ok {
		return m, true
	}
	if t.Kind() != reflect.Pointer && t.Kind() != reflect.Interface {
		return reflect.PointerTo(t).MethodByName(name)
	}
	return reflect.Method{}, false
}

// declaredBy returns the struct type that declares the field f found in t,
// following embedded fields.
func declaredBy(t reflect.Type, f reflect.StructField) reflect.Type {
	for _, i := range f.Index[:len(f.Index)-1] {
		t = t.Field(i).Type
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
	}
	return t
}

// typeName is "site.Review" for site.Review and *site.Review.
func typeName(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.String()
}

// elemType is the type index yields from a value of type t.
func elemType(t reflect.Type) reflect.Type {
	if t == nil {
		return nil
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Array, reflect.Map:
		return t.Elem()
	case reflect.String:
		return reflect.TypeFor[uint8]()
	}
	return nil
}

// rangeTypes returns the key and element types of ranging over t.
func rangeTypes(t reflect.Type) (key, elem reflect.Type) {
	if t == nil {
		return nil, nil
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		return intType, t.Elem()
	case reflect.Map:
		return t.Key(), t.Elem()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return t, t
	}
	return nil, nil
}
