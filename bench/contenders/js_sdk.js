// Ghost's official JavaScript SDK (@tryghost/admin-api): browse every post, then edit each
// one sequentially with its Lexical links unwrapped.
//   GHOST_ADMIN_API_KEY=... node js_sdk.js URL
const GhostAdminAPI = require('@tryghost/admin-api');

const [url] = process.argv.slice(2);
const key = process.env.GHOST_ADMIN_API_KEY;
const api = new GhostAdminAPI({url, key, version: 'v6.0'});

function unwrap(node) {
    if (!Array.isArray(node.children)) return node;
    const children = [];
    for (const child of node.children) {
        const next = unwrap(child);
        if (next.type === 'link' || next.type === 'autolink') children.push(...(next.children || []));
        else children.push(next);
    }
    return {...node, children};
}

(async () => {
    const posts = [];
    for (let page = 1; ; page += 1) { // limit 'all' stops at 100 on Ghost 6: page explicitly
        const batch = await api.posts.browse({limit: 100, page, formats: 'lexical'});
        posts.push(...batch);
        if (!batch.meta.pagination.next) break;
    }
    for (const post of posts) {
        if (!post.lexical) continue;
        const document = JSON.parse(post.lexical);
        const lexical = JSON.stringify({...document, root: unwrap(document.root)});
        if (lexical === post.lexical) continue;
        await api.posts.edit({id: post.id, updated_at: post.updated_at, lexical});
    }
})().catch((error) => { console.error(error); process.exit(1); });
