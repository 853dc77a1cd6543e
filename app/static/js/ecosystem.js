// Collaboration network (Cytoscape.js). Elements come from a data-* attribute; the tables on the
// page give the same information for screen readers and keyboard users.
(function () {
  var box = document.getElementById('network');
  if (!box || !window.cytoscape) { return; }
  var elements = JSON.parse(box.getAttribute('data-elements'));
  var orgUrl = box.getAttribute('data-org-url');
  var groupLabel = box.getAttribute('data-group-label') || '';
  var palette = ['#0066cc', '#d9364f', '#00a36c', '#cc7a00', '#7a33cc', '#008a8a', '#a6266e', '#5c6f82'];
  // Communities drawn as clusters: each community is a compound (parent) node around its
  // members, so the layout keeps a group together instead of only colouring it.
  var groups = {};
  elements.nodes.forEach(function (n) {
    if (n.data.community === undefined || n.data.community === null) { return; }
    var id = 'community-' + n.data.community;
    n.data.parent = id;
    groups[id] = groups[id] || { data: { id: id, community: n.data.community, cluster: true,
      label: (groupLabel + ' ' + (n.data.community + 1)).trim() } };
  });
  var clusters = Object.keys(groups).map(function (k) { return groups[k]; });
  // Names are written for the best-connected organisations only (the others show theirs on
  // hover or focus): sixty 8-point labels over one another could not be read.
  var LABELLED = 10;
  var byDegree = elements.nodes.map(function (n) { return n.data.degree || 0; })
    .sort(function (a, b) { return b - a; });
  var cut = byDegree.length > LABELLED ? byDegree[LABELLED - 1] : -1;
  var named = 0;
  elements.nodes.forEach(function (n) {
    if ((n.data.degree || 0) >= cut && named < LABELLED) { n.classes = 'named'; named += 1; }
  });
  var cy = window.cytoscape({
    container: box,
    elements: clusters.concat(elements.nodes, elements.edges),
    style: [
      { selector: 'node', style: {
        'width': 'mapData(degree, 0, 50, 8, 40)', 'height': 'mapData(degree, 0, 50, 8, 40)',
        'font-size': 13, 'color': '#1a1a1a', 'text-outline-color': '#fff', 'text-outline-width': 2,
        'min-zoomed-font-size': 6,
        'background-color': function (n) { return palette[n.data('community') % palette.length]; } } },
      { selector: 'node.named, node.hover', style: { 'label': 'data(label)' } },
      { selector: ':parent', style: {
        'label': 'data(label)', 'font-size': 12, 'text-valign': 'top', 'color': '#33475b',
        'background-opacity': 0.07, 'border-width': 1, 'shape': 'round-rectangle',
        'background-color': function (n) { return palette[n.data('community') % palette.length]; },
        'border-color': function (n) { return palette[n.data('community') % palette.length]; } } },
      { selector: 'edge', style: { 'width': 'mapData(weight, 1, 10, 0.5, 6)', 'line-color': '#bbb', 'opacity': 0.6 } }
    ],
    layout: { name: 'cose', animate: false, randomize: false, nodeRepulsion: 40000, idealEdgeLength: 90, nodeOverlap: 20 }
  });
  // The layout is fitted into the box, usually zoomed out: names keep ~12 px on screen.
  var zoom = cy.zoom();
  if (zoom < 1) {
    cy.style().selector('node').style({ 'font-size': Math.round(11 / zoom),
      'text-outline-width': Math.max(2, Math.round(2 / zoom)) })
      .selector(':parent').style({ 'font-size': Math.round(11 / zoom) }).update();
  }
  cy.on('mouseover', 'node', function (evt) { evt.target.addClass('hover'); });
  cy.on('mouseout', 'node', function (evt) { evt.target.removeClass('hover'); });
  cy.on('tap', 'node', function (evt) {
    if (evt.target.isParent()) { return; }
    window.location.href = orgUrl.replace('__slug__', evt.target.data('slug'));
  });
})();
