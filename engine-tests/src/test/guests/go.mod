module github.com/spirefy/pluginengine-java/engine-tests/guests

go 1.24

require github.com/spirefy/pluginengine-java/pdk/go v0.0.0

require github.com/extism/go-pdk v1.1.3 // indirect

// The Go test plugins build against the PDK in this repository.
replace github.com/spirefy/pluginengine-java/pdk/go => ../../../../pdk/go
