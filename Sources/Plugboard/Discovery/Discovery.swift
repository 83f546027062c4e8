import PlugboardProtocol

/// Finds plugin executables in a directory: regular files (symlinks followed) that are executable and have no
/// extension. Directories, hidden files, files with an extension and non-executables are skipped.
public enum Discovery {
    /// A candidate plugin file.
    public struct Candidate: Sendable, Hashable {
        /// The file name, which is the plugin's default name.
        public var name: String
        /// The full path.
        public var path: String
    }

    /// Lists the candidates in `directory`, sorted by name, keeping those `filter` accepts.
    ///
    /// - Throws: ``FileError`` when the directory cannot be read.
    public static func candidates(in directory: String, filter: (@Sendable (String) -> Bool)? = nil) throws(FileError) -> [Candidate] {
        let names: [String]
        switch FileSystem.list(directory) {
        case .success(let list): names = list
        case .failure(let error): throw error
        }
        var base = directory
        while base.count > 1 && base.hasSuffix("/") { base.removeLast() }
        return names.compactMap { name -> Candidate? in
            guard !name.hasPrefix("."), !name.contains(".") else { return nil }
            guard filter?(name) ?? true else { return nil }
            let path = base == "/" ? "/\(name)" : "\(base)/\(name)"
            guard let info = FileSystem.info(path), info.isRegular, FileSystem.isExecutable(path) else { return nil }
            return Candidate(name: name, path: path)
        }
    }
}

extension Discovery {
    /// The attached-plugin manifests (`*.pconf`, not hidden) in `directory`, sorted; `filter` sees the name without
    /// the extension.
    public static func manifests(in directory: String, filter: (@Sendable (String) -> Bool)? = nil) -> [String] {
        guard case .success(let names) = FileSystem.list(directory) else { return [] }
        let suffix = "." + Manifest.fileExtension
        var base = directory
        while base.count > 1 && base.hasSuffix("/") { base.removeLast() }
        return names.compactMap { name in
            guard !name.hasPrefix("."), name.hasSuffix(suffix), filter?(String(name.dropLast(suffix.count))) ?? true else { return nil }
            let path = "\(base)/\(name)"
            return FileSystem.info(path)?.isRegular == true ? path : nil
        }
    }
}
