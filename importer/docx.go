package importer

import "github.com/jixiao/jixiao/profile"

// importDocument reads an evaluation report from a .docx.
func importDocument(name string, data []byte, set *profile.Set, opts Options) (*Result, error) {
	return nil, fail(ErrUnsupported, name, "", "暂不支持导入 Word 文档", "importing Word documents is not supported yet")
}
